"""Demo customers of a Douala shop: walk-in individuals and a few businesses."""

from __future__ import annotations

from chalicelib.auth.principal import Principal
from chalicelib.customers import service
from chalicelib.customers.schemas import Address, CustomerIn

CUSTOMERS = [
    CustomerIn(name="Jean-Pierre Kamga", phone="6 99 12 34 56"),
    CustomerIn(name="Marie Ngo Bassa", phone="677 23 45 67", email="marie.ngo@example.cm"),
    CustomerIn(name="Ibrahim Aboubakar", phone="+237 655 34 56 78"),
    CustomerIn(
        name="Cyber Café Le Carrefour",
        type="BUSINESS",
        phone="233 42 11 22",
        vat_number="M041200012345A",
        addresses=[Address(label="Boutique", street="Rue Joss", city="Douala", country="CM")],
    ),
    CustomerIn(
        name="Ets Tchoupo & Fils",
        type="BUSINESS",
        phone="6 94 56 78 90",
        vat_number="P071500098765Z",
        notes="Installe des réseaux d'entreprise",
    ),
    CustomerIn(
        name="Hôtel Akwa Palace Services",
        type="BUSINESS",
        phone="233 42 26 01",
        email="achats@example.cm",
    ),
]


def seed_customers(admin: Principal) -> None:
    for customer in CUSTOMERS:
        service.create_customer(admin, customer)
