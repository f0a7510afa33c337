"""The migration that mends companies anyone could join by typing their organisation number:
built from the old schema's rows, run forward, and checked person by person.

Migrates the test database back to before companies had their own app, so it runs on
PostgreSQL only, and puts the latest schema back whatever happens.
"""

from datetime import datetime, timedelta
from decimal import Decimal

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

import pytest

from courses.models import Enrolment
from shop.companies.models import Company, Membership
from shop.invoicing.models import OrderBilling
from tests.conftest import require

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

BEFORE = [
    ("certificates", None),  # certificates come later, and depend on the later courses
    ("companies", None),
    ("courses", "0004_documents_alongside_courses"),
    ("invoicing", "0002_number_series"),
]
NUMBER = "556036-0793"


def migrate(targets=()):
    """Migrate to `targets` (every other app at its latest); returns the historical apps there."""
    executor = MigrationExecutor(connection)
    wanted = dict(targets)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(list(targets) or latest)
    # The state of every app: at its target, or at its latest migration ((app, None) is none).
    nodes = [(app, wanted.get(app, name)) for app, name in latest if wanted.get(app, name) is not None]
    return MigrationExecutor(connection).loader.project_state(nodes).apps


@pytest.fixture
def old_schema():
    require(connection.vendor == "postgresql", "needs PostgreSQL: set DATABASE_URL=postgres://…")
    try:
        yield migrate(BEFORE)
    finally:
        migrate()


class OldShop:
    """Rows as the old schema held them: `courses.Company` with its contacts, each
    buyer's order with billing details pointing at it, and a seat pool per order."""

    def __init__(self, apps):
        self.apps = apps
        Group = apps.get_model("auth", "Group")
        Seller = apps.get_model("courses", "Seller")
        Course = apps.get_model("courses", "Course")
        seller = Seller.objects.create(name="Säljare", slug="saljare", group=Group.objects.create(name="S"))
        self.course = Course.objects.create(code="gdpr", seller=seller)
        self.orders = 0

    def person(self, email):
        return self.apps.get_model("home", "User").objects.create(email=email, password="!")

    def company(self, name, number=NUMBER, contacts=()):
        company = self.apps.get_model("courses", "Company").objects.create(
            name=name, organisation_number=number
        )
        company.contacts.add(*contacts)
        return company

    def order(self, user, company, name, placed, seats):
        """What the old checkout did: the order, billing details with the name given, the pool."""
        Order = self.apps.get_model("order", "Order")
        Line = self.apps.get_model("order", "Line")
        self.orders += 1
        price = Decimal("1000.00") * seats
        order = Order.objects.create(
            number=str(100000 + self.orders),
            user=user,
            currency="SEK",
            total_incl_tax=price * Decimal("1.25"),
            total_excl_tax=price,
            status="Awaiting payment",
            date_placed=placed,
        )
        line = Line.objects.create(
            order=order,
            partner_sku="GDPR",
            title="GDPR för alla",
            quantity=seats,
            line_price_incl_tax=price * Decimal("1.25"),
            line_price_excl_tax=price,
            line_price_before_discounts_incl_tax=price * Decimal("1.25"),
            line_price_before_discounts_excl_tax=price,
            num_allocated=0,
        )
        self.apps.get_model("invoicing", "OrderBilling").objects.create(
            order=order,
            company=company,
            company_name=name,
            organisation_number=company.organisation_number,
            contact_name="Kontakt",
            email=user.email,
            language="sv",
        )
        # The model as it was then: renamed Enrolment by courses 0007.
        self.apps.get_model("courses", "Enrollment").objects.create(
            source="order", order_line=line, course=self.course, company=company, seats=seats
        )
        return order


def day(n):
    return timezone.make_aware(datetime(2026, 1, 1)) + timedelta(days=n)


def test_the_first_buyer_keeps_the_company_and_each_later_buyer_gets_their_own(old_schema):
    old = OldShop(old_schema)
    anna, bo, cecilia = (
        old.person("anna@acme.example"),
        old.person("bo@holding.example"),
        old.person("c@x.example"),
    )
    dora, erik = old.person("dora@beta.example"), old.person("erik@gamma.example")
    # Anna bought first; Bo and Cecilia typed the same number later and, as the old
    # checkout did, became contacts and renamed the company for everyone.
    acme = old.company("Acme Cecilia AB", contacts=[anna, bo, cecilia])
    beta = old.company("Beta AB", number="559251-4557", contacts=[dora])
    gamma = old.company("Gamma AB", number="212000-0142", contacts=[erik])  # no order yet
    old.order(anna, acme, "Acme AB", day(0), seats=5)
    old.order(bo, acme, "Acme Holding AB", day(10), seats=3)
    old.order(anna, acme, "Acme AB", day(15), seats=1)
    old.order(cecilia, acme, "Acme Cecilia AB", day(20), seats=2)
    old.order(bo, acme, "Acme Holding AB (nytt namn)", day(30), seats=2)
    old.order(dora, beta, "Beta AB", day(5), seats=4)
    ids = {"anna": anna.pk, "bo": bo.pk, "cecilia": cecilia.pk, "dora": dora.pk, "erik": erik.pk}
    old_ids = {"acme": acme.pk, "beta": beta.pk, "gamma": gamma.pk}

    migrate()

    def admins(company):
        return list(company.memberships.values_list("user_id", "role"))

    def held(company):
        """(buyer, seats) of each pool and the buyer of each order billed to `company`."""
        pools = sorted(
            Enrolment.objects.filter(company=company).values_list("order_line__order__user_id", "seats")
        )
        billed = sorted(OrderBilling.objects.filter(company=company).values_list("order__user_id", flat=True))
        return pools, billed

    acme = Company.objects.get(pk=old_ids["acme"])
    assert (acme.name, acme.organisation_number) == ("Acme AB", NUMBER)  # its first name back
    assert admins(acme) == [(ids["anna"], "admin")]
    assert held(acme) == ([(ids["anna"], 1), (ids["anna"], 5)], [ids["anna"], ids["anna"]])

    bos = Company.objects.get(memberships__user_id=ids["bo"])
    assert (bos.name, bos.organisation_number) == ("Acme Holding AB", NUMBER)
    assert admins(bos) == [(ids["bo"], "admin")]
    assert held(bos) == ([(ids["bo"], 2), (ids["bo"], 3)], [ids["bo"], ids["bo"]])
    assert bos.created_at == day(10)

    cecilias = Company.objects.get(memberships__user_id=ids["cecilia"])
    assert (cecilias.name, cecilias.organisation_number) == ("Acme Cecilia AB", NUMBER)
    assert admins(cecilias) == [(ids["cecilia"], "admin")]
    assert held(cecilias) == ([(ids["cecilia"], 2)], [ids["cecilia"]])

    beta = Company.objects.get(pk=old_ids["beta"])
    assert (beta.name, admins(beta)) == ("Beta AB", [(ids["dora"], "admin")])
    assert held(beta) == ([(ids["dora"], 4)], [ids["dora"]])
    gamma = Company.objects.get(pk=old_ids["gamma"])
    assert (gamma.name, admins(gamma)) == ("Gamma AB", [(ids["erik"], "admin")])

    assert Company.objects.count() == 5 and Membership.objects.count() == 5
    assert Company.objects.filter(organisation_number=NUMBER).count() == 3
    # Every billing row still keeps the name given at its own checkout.
    assert sorted(OrderBilling.objects.values_list("company_name", flat=True)) == sorted(
        ["Acme AB", "Acme AB", "Acme Holding AB", "Acme Cecilia AB", "Acme Holding AB (nytt namn)", "Beta AB"]
    )
    # The id sequence continues after the copied ids.
    assert Company.objects.create(name="Ny AB", organisation_number=NUMBER).pk > max(old_ids.values())
