"""Keys of credit accounts: each account's partition holds the account, its ledger entries, its
instalment schedules and what each sale charged to it; a marker keeps one account per customer."""

from __future__ import annotations

from chalicelib.db.keys.customers import customer_pk
from chalicelib.db.keys.shapes import Entity, Key, Pattern

credit_account_pk = Key("T#{tenant_id}#CREDIT#{account_id}")
credit_account_sk = Key("ACCOUNT")
credit_accounts_pk = Key("T#{tenant_id}#CREDITACCOUNTS")
credit_account_status_sk = Key("{status}#{account_id}")
credit_due_pk = Key("T#{tenant_id}#CREDITDUE")
credit_due_sk = Key("{earliest_unpaid_due}#{account_id}")
customer_account_sk = Key("CREDITACCOUNT")
credit_entries_prefix = Key("ENTRY#")
credit_entry_sk = Key("ENTRY#{revision:12}")
credit_ledger_pk = Key("T#{tenant_id}#CREDITLEDGER#{account_id}")
credit_entry_time_sk = Key("{created_at}#{revision:12}")
credit_schedules_prefix = Key("SCHEDULE#")
credit_schedule_sk = Key("SCHEDULE#{schedule_id}")
credit_sale_sk = Key("SALE#{sale_id}")

ENTITIES = [
    Entity(
        "CreditAccount",
        credit_account_pk,
        credit_account_sk,
        gsi1=(credit_accounts_pk, credit_account_status_sk),
        gsi2=(credit_due_pk, credit_due_sk),
        note="balance, headroom (limit - balance) and the ledger's revision; every write that "
        "moves the balance is conditioned on the revision read and the rules' attributes; "
        "in gsi2 only while an instalment is unpaid",
        patterns=(
            Pattern(
                "Credit account by id",
                "table",
                "pk = {pk} AND sk = {sk}",
                "consistent; charges, repayments, refunds and adjustments SET the balance on "
                "condition the revision is the one read",
            ),
            Pattern(
                "Credit accounts by status",
                "gsi1",
                "gsi1pk = {gsi1pk} [AND begins_with(gsi1sk, <status>#)]",
            ),
            Pattern(
                "Overdue credit accounts",
                "gsi2",
                "gsi2pk = {gsi2pk} AND gsi2sk < <today>",
                "the earliest unpaid due date before today: overdue with no write at midnight",
            ),
        ),
    ),
    Entity(
        "CreditAccountMarker",
        customer_pk,
        customer_account_sk,
        note="one credit account per customer; put with attribute_not_exists with the account",
        patterns=(
            Pattern(
                "Credit account of a customer",
                "table",
                "pk = {pk} AND sk = {sk}",
                "payments on credit and the customer_id filter",
            ),
        ),
    ),
    Entity(
        "CreditEntry",
        credit_account_pk,
        credit_entry_sk,
        gsi1=(credit_ledger_pk, credit_entry_time_sk),
        note="immutable CHARGE / REPAYMENT / REFUND / ADJUSTMENT with balance_after; its "
        "revision is the account's, so entries sort in the order they were applied",
        patterns=(
            Pattern(
                "Ledger entries of an account",
                "table",
                "pk = {pk} AND begins_with(sk, {entries})",
                "newest first; put with attribute_not_exists with the account's new balance",
                uses={"entries": credit_entries_prefix},
            ),
            Pattern(
                "Ledger entries of an account by time",
                "gsi1",
                "gsi1pk = {gsi1pk} AND gsi1sk BETWEEN <from> AND <to>",
                "statements: the entries of a period and the last one before it",
            ),
        ),
    ),
    Entity(
        "CreditSchedule",
        credit_account_pk,
        credit_schedule_sk,
        note="instalments inside (at most 24), each with what was paid into it",
        patterns=(
            Pattern(
                "Schedules of an account",
                "table",
                "pk = {pk} AND begins_with(sk, {schedules})",
                "consistent; changed with the account's revision",
                uses={"schedules": credit_schedules_prefix},
            ),
        ),
    ),
    Entity(
        "CreditSale",
        credit_account_pk,
        credit_sale_sk,
        note="what one sale charged to the account and got back, and its schedule's id",
        patterns=(
            Pattern(
                "Credit of a sale",
                "table",
                "pk = {pk} AND sk = {sk}",
                "ADDed with each charge and refund; a schedule of the sale claims it",
            ),
        ),
    ),
]
