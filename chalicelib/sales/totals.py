"""Sale arithmetic in integer minor units: line amounts, discounts, taxes and balances.

Rules (one of each, applied everywhere):
- A line's gross is `quantity * unit_price`; its own `discount` comes off first, then its
  `promotion_discount` (the promotions engine never lets the two pass the gross).
- The sale's `discount` is spread over the lines in proportion to their amounts after line
  discounts, each share rounded down; the leftover units go to the largest line (the first
  one on a tie), so the shares always add up to the sale discount exactly.
- Tax is computed per line on its amount after every discount and rounded half-up:
  tax-included prices hold `amount * bps / (10000 + bps)`, tax-excluded prices add
  `amount * bps / 10000`.
- `subtotal` is the sum of gross amounts, `discount_total` every discount (promotions
  included), `total`
  `subtotal - discount_total + taxes added on top`.
- No line amount, tax or total goes above MAX_AMOUNT (2^53 - 1): beyond, the input that
  would carry it there is refused.
- Discount approval measures the manual discount (line and sale discounts, and a `unit_price`
  cut below the product's price) against the products' prices times the quantities;
  promotions are not manual and never count toward it.
- A sale holds at most MAX_LINES lines and MAX_PAYMENTS payments, so that its largest write
  (submit, final payment, cancel, refund: a few fixed actions, a few actions per line and per
  payment) stays within DynamoDB's 100 actions per transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.money import BPS, MAX_AMOUNT, round_half_up

MAX_LINES = 40
MAX_PAYMENTS = 8
MAX_TRANSACTION_ACTIONS = 100


class SaleArithmeticError(ValueError):
    """A discount larger than what it discounts, or an amount above the ceiling; `field` names
    the offending input."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class LineInput:
    quantity: int
    unit_price: int
    discount: int
    tax_rate_bps: int
    tax_included: bool
    list_price: int | None = None  # the product's price when the line was priced
    promotion_discount: int = 0

    @property
    def list_amount(self) -> int:
        """The line at the product's price: what discount approval measures against."""
        price = self.unit_price if self.list_price is None else self.list_price
        return self.quantity * price

    @property
    def price_cut(self) -> int:
        """What a `unit_price` below the product's price takes off the line."""
        return max(self.list_amount - self.quantity * self.unit_price, 0)


@dataclass(frozen=True)
class LineAmounts:
    gross: int
    discount: int
    promotion_discount: int
    sale_discount: int
    net: int
    tax: int
    total: int


@dataclass(frozen=True)
class SaleAmounts:
    lines: tuple[LineAmounts, ...]
    subtotal: int
    discount_total: int
    tax_total: int
    total: int


def allocate(amount: int, weights: list[int]) -> list[int]:
    """Split `amount` in proportion to `weights`: shares rounded down, the leftover to the
    largest weight, as much as it holds (a share stays within its weight when the amount does
    within their sum), the rest to the next largest."""
    base = sum(weights)
    if amount == 0 or base == 0:
        return [0] * len(weights)
    shares = [amount * weight // base for weight in weights]
    left = amount - sum(shares)
    by_size = sorted(range(len(weights)), key=lambda index: (-weights[index], index))
    for index in by_size:
        given = min(left, max(weights[index] - shares[index], 0))
        shares[index] += given
        left -= given
    shares[by_size[0]] += left  # only when the amount is above the weights' sum
    return shares


def line_tax(amount: int, tax_rate_bps: int, tax_included: bool) -> int:
    if tax_included:
        return round_half_up(amount * tax_rate_bps, BPS + tax_rate_bps)
    return round_half_up(amount * tax_rate_bps, BPS)


def within_ceiling(amount: int, field: str, what: str) -> int:
    if amount > MAX_AMOUNT:
        raise SaleArithmeticError(field, f"{what} would be above {MAX_AMOUNT}, the largest amount.")
    return amount


def compute(lines: list[LineInput], sale_discount: int) -> SaleAmounts:
    gross = [line.quantity * line.unit_price for line in lines]
    for index, line in enumerate(lines):
        within_ceiling(
            gross[index], f"lines.{index}.quantity", "The line amount (quantity x price)"
        )
        if line.discount + line.promotion_discount > gross[index]:
            raise SaleArithmeticError(
                f"lines.{index}.discount", "The line discount is larger than the line amount."
            )
    after_line = [
        gross[index] - line.discount - line.promotion_discount for index, line in enumerate(lines)
    ]
    if sale_discount > sum(after_line):
        raise SaleArithmeticError("discount", "The discount is larger than the sale amount.")
    shares = allocate(sale_discount, after_line)
    amounts = []
    for index, line in enumerate(lines):
        net = after_line[index] - shares[index]
        tax = line_tax(net, line.tax_rate_bps, line.tax_included)
        total = within_ceiling(
            net if line.tax_included else net + tax, f"lines.{index}.quantity", "The line total"
        )
        amounts.append(
            LineAmounts(
                gross=gross[index],
                discount=line.discount,
                promotion_discount=line.promotion_discount,
                sale_discount=shares[index],
                net=net,
                tax=tax,
                total=total,
            )
        )
    return SaleAmounts(
        lines=tuple(amounts),
        subtotal=within_ceiling(sum(gross), "lines", "The subtotal"),
        discount_total=sum(line.discount + line.promotion_discount for line in lines)
        + sale_discount,
        tax_total=sum(amount.tax for amount in amounts),
        total=within_ceiling(sum(amount.total for amount in amounts), "lines", "The total"),
    )


def manual_discount(lines: list[LineInput], sale_discount: int) -> int:
    """Every discount a person gave: prices cut below the product's, line and sale discounts."""
    return sum(line.price_cut + line.discount for line in lines) + sale_discount


def list_subtotal(lines: list[LineInput]) -> int:
    return sum(line.list_amount for line in lines)


def needs_discount_approval(discount: int, list_amount: int, approval_bps: int) -> bool:
    """True when the manual discount exceeds `approval_bps` of the lines at list price."""
    return discount * BPS > approval_bps * list_amount


def change_due(amount: int, tendered: int | None) -> int:
    return 0 if tendered is None else tendered - amount


def refund_amount(
    line_total: int, line_quantity: int, refunded_quantity: int, refunded_amount: int, quantity: int
) -> int:
    """What returning `quantity` units of a line gives back, half-up per unit share.

    Returning the last units gives back exactly what is left of the line, so refunds of a line
    always add up to its total.
    """
    if refunded_quantity + quantity >= line_quantity:
        return line_total - refunded_amount
    return round_half_up(line_total * quantity, line_quantity)


def largest_write(actions_per_line: int) -> int:
    """Actions in the largest transaction a sale at the caps can need (cancel with refunds)."""
    per_payment = 2  # the shift the cash goes back to, and the payment marked refunded
    fixed = 3  # sale, refund record, store counter or shift
    return fixed + MAX_LINES * actions_per_line + MAX_PAYMENTS * per_payment
