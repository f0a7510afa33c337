"""Retention rules under frozen time: the accounting rule's dates (a financial year that
ends in April too), the relationship's end plus its period, and legal holds."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from oscar.test.factories import OrderFactory

import pytest
import time_machine

from gdpr.erasure import erase_person
from gdpr.models import CustomerRelationship, LegalHold
from gdpr.relationships import end_relationship, start_relationship
from gdpr.retention import AccountingRecords, MonthsAfterEvent, RelationshipEndPlus, add_months
from gdpr.sweep import sweep
from tests.factories.home import UserFactory

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.mark.parametrize(
    ("year_end", "record", "kept_until"),
    [
        ((12, 31), date(2026, 3, 15), date(2033, 12, 31)),
        ((12, 31), date(2026, 12, 31), date(2033, 12, 31)),
        ((12, 31), date(2027, 1, 1), date(2034, 12, 31)),
        # A financial year from 1 May to 30 April: March 2026 belongs to the year ending
        # 30 April 2026, May 2026 to the one ending 30 April 2027.
        ((4, 30), date(2026, 3, 15), date(2033, 12, 31)),
        ((4, 30), date(2026, 4, 30), date(2033, 12, 31)),
        ((4, 30), date(2026, 5, 1), date(2034, 12, 31)),
        ((2, 28), date(2028, 2, 29), date(2036, 12, 31)),  # leap day after a 28 February year end
    ],
)
def test_accounting_records_are_kept_to_the_end_of_the_seventh_year_after_the_financial_year(
    year_end, record, kept_until
):
    assert AccountingRecords("date", year_end=year_end).keep_until_date(record) == kept_until


def test_financial_year_end_comes_from_settings(settings):
    settings.GDPR_FINANCIAL_YEAR_END = (4, 30)
    assert AccountingRecords("date").keep_until_date(date(2026, 5, 1)) == date(2034, 12, 31)


@pytest.mark.django_db
@pytest.mark.parametrize("year_end", [(12, 31), (4, 30)])
def test_accounting_rule_in_the_database_agrees_with_the_dates(year_end):
    """`due` (what the sweep deletes) is true exactly when `keep_until` has passed."""
    rule = AccountingRecords("date_placed", year_end=year_end)
    placed = [datetime(2026, m, d, 12, tzinfo=STOCKHOLM) for m, d in ((3, 15), (4, 30), (5, 1), (12, 31))]
    orders = [OrderFactory(date_placed=when) for when in placed]
    model = type(orders[0])
    for today in (date(2033, 12, 31), date(2034, 1, 1), date(2034, 12, 31), date(2035, 1, 1)):
        due = set(
            model.objects.filter(rule.due(today), pk__in=[o.pk for o in orders]).values_list("pk", flat=True)
        )
        expected = {o.pk for o in orders if rule.keep_until(o) < today}
        assert due == expected, today


def test_months_after_an_event_and_month_arithmetic():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 5, 15), -12) == date(2025, 5, 15)
    rule = MonthsAfterEvent("day", 24)

    class Row:
        day = date(2026, 2, 10)

    assert rule.keep_until(Row()) == date(2028, 2, 10)


@pytest.mark.django_db
def test_relationship_starts_with_the_account_and_ends_once():
    with time_machine.travel(datetime(2026, 1, 10, 12, tzinfo=STOCKHOLM), tick=False):
        user = UserFactory()
    relationship = CustomerRelationship.objects.get(user=user)
    assert relationship.started_at.date() == date(2026, 1, 10) and relationship.ended_at is None
    with time_machine.travel(datetime(2026, 6, 1, 12, tzinfo=STOCKHOLM), tick=False):
        end_relationship(user, CustomerRelationship.EndReason.LAST_ENROLMENT_OVER)
    with time_machine.travel(datetime(2026, 9, 1, 12, tzinfo=STOCKHOLM), tick=False):
        end_relationship(user, CustomerRelationship.EndReason.ACCOUNT_CLOSED)
    relationship.refresh_from_db()
    assert relationship.ended_at.date() == date(2026, 6, 1)
    assert relationship.end_reason == "last_enrolment_over"
    assert RelationshipEndPlus(12).keep_until(user, "pk") == date(2027, 6, 1)
    start_relationship(user)  # the customer came back
    relationship.refresh_from_db()
    assert relationship.ended_at is None


@pytest.mark.django_db
def test_end_relationship_refuses_an_unknown_reason():
    with pytest.raises(ValueError, match="unknown end reason"):
        end_relationship(UserFactory(), "bored")


@pytest.mark.django_db
def test_sweep_anonymises_an_account_twelve_months_after_the_relationship_ended():
    user = UserFactory(first_name="Rut", last_name="Retention")
    with time_machine.travel(datetime(2026, 3, 1, 12, tzinfo=STOCKHOLM), tick=False):
        end_relationship(user, CustomerRelationship.EndReason.ACCOUNT_CLOSED)
    with time_machine.travel(datetime(2027, 2, 28, 12, tzinfo=STOCKHOLM), tick=False):
        assert sweep()["home.User: relationship_end+12m"] == 0
        user.refresh_from_db()
        assert user.last_name == "Retention"
    with time_machine.travel(datetime(2027, 3, 2, 12, tzinfo=STOCKHOLM), tick=False):
        counts = sweep()
        user.refresh_from_db()
        assert counts["home.User: relationship_end+12m"] == 1
        assert (user.last_name, user.is_active) == ("", False)
        assert sweep() == {}  # the second run finds nothing left to do


@pytest.mark.django_db
def test_sweep_dry_run_counts_and_changes_nothing():
    user = UserFactory(last_name="Dry")
    end_relationship(
        user, CustomerRelationship.EndReason.ACCOUNT_CLOSED, when=timezone.now() - timedelta(days=800)
    )
    counts = sweep(dry_run=True)
    assert counts["home.User: relationship_end+12m"] == 1
    user.refresh_from_db()
    assert user.last_name == "Dry"


@pytest.mark.django_db
def test_sweep_deletes_orders_guest_data_after_the_accounting_period():
    with time_machine.travel(datetime(2026, 3, 15, 12, tzinfo=STOCKHOLM), tick=False):
        order = OrderFactory(guest_email="guest@example.com")
    with time_machine.travel(datetime(2033, 12, 31, 12, tzinfo=STOCKHOLM), tick=False):
        sweep()
        order.refresh_from_db()
        assert order.guest_email == "guest@example.com"
    with time_machine.travel(datetime(2034, 1, 1, 12, tzinfo=STOCKHOLM), tick=False):
        sweep()
        order.refresh_from_db()
        order.billing_address.refresh_from_db()
        assert order.guest_email == ""
        assert order.billing_address.last_name == ""
        assert order.number and order.total_incl_tax is not None  # the accounts' facts stay


@pytest.mark.django_db
def test_legal_hold_on_a_person_blocks_erasure_and_says_why_until_released(staff):
    user = UserFactory(last_name="Held")
    hold = LegalHold.objects.create(
        user=user,
        basis=LegalHold.Basis.LEGAL_CLAIM,
        reason="Disputed invoice 1042",
        set_by=staff,
        until=date(2027, 6, 30),
    )
    with time_machine.travel(datetime(2027, 6, 30, 12, tzinfo=STOCKHOLM), tick=False):
        result = erase_person(user)
        user.refresh_from_db()
        assert user.last_name == "Held"
        assert result.blocked_by == [hold.describe()]
        assert "Disputed invoice 1042" in result.blocked_by[0]
    with time_machine.travel(datetime(2027, 7, 1, 12, tzinfo=STOCKHOLM), tick=False):
        result = erase_person(user)
        user.refresh_from_db()
        assert result.blocked_by == []
        assert user.last_name == ""


@pytest.mark.django_db
def test_legal_hold_on_a_record_keeps_it_and_the_sweep_skips_it(staff):
    from django.contrib.contenttypes.models import ContentType

    user = UserFactory()
    order = OrderFactory(user=user, guest_email="kept@example.com")
    LegalHold.objects.create(
        content_type=ContentType.objects.get_for_model(order),
        object_id=str(order.pk),
        basis=LegalHold.Basis.AUTHORITY,
        reason="Tax audit",
        set_by=staff,
    )
    result = erase_person(user)
    retained = [r for r in result.retained if r.model == "order.Order"]
    assert [(r.pk, "Tax audit" in r.reason) for r in retained] == [(order.pk, True)]
    with time_machine.travel(datetime(2040, 1, 1, 12, tzinfo=STOCKHOLM), tick=False):
        sweep()
    order.refresh_from_db()
    assert order.guest_email == "kept@example.com"
    LegalHold.objects.update(released_at=timezone.now())
    with time_machine.travel(datetime(2040, 1, 1, 12, tzinfo=STOCKHOLM), tick=False):
        sweep()
    order.refresh_from_db()
    assert order.guest_email == ""


@pytest.mark.django_db
def test_sweep_respects_a_hold_on_the_person():
    user = UserFactory(last_name="Protected")
    end_relationship(
        user, CustomerRelationship.EndReason.ACCOUNT_CLOSED, when=timezone.now() - timedelta(days=800)
    )
    LegalHold.objects.create(user=user, basis=LegalHold.Basis.LEGAL_CLAIM, reason="Claim")
    sweep()
    user.refresh_from_db()
    assert user.last_name == "Protected"


def test_until_consent_withdrawn_ends_when_the_consent_is_withdrawn():
    from gdpr.retention import UntilConsentWithdrawn

    rule = UntilConsentWithdrawn("withdrawn_at")

    class Consent:
        withdrawn_at = None

    assert rule.keep_until(Consent()) is None
    Consent.withdrawn_at = datetime(2026, 5, 4, 9, tzinfo=STOCKHOLM)
    assert rule.keep_until(Consent()) == date(2026, 5, 4)
    assert "withdrawn_at__isnull" in str(rule.due(date(2026, 5, 5)))
