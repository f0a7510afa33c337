"""Restriction of processing (art. 18): what other apps ask before non-essential processing."""

import pytest

import gdpr
from gdpr.registry import Purpose
from gdpr.restriction import lift_restriction, restrict

pytestmark = pytest.mark.django_db


def test_restricted_person_is_left_out_of_marketing_evaluations_and_statistics(learner):
    assert not gdpr.is_restricted(learner, Purpose.MARKETING)
    restrict(learner, "Asked us to correct the company name")
    for purpose in (Purpose.MARKETING, Purpose.EVALUATION, Purpose.STATISTICS):
        assert gdpr.is_restricted(learner, purpose)


def test_restriction_never_stops_what_the_contract_or_the_law_needs(learner):
    restrict(learner, "Dispute")
    for purpose in (Purpose.ACCOUNT, Purpose.ORDERS, Purpose.ACCOUNTING, Purpose.EDUCATION):
        assert not gdpr.is_restricted(learner, purpose)


def test_restricting_twice_keeps_one_and_lifting_ends_it(learner):
    first = restrict(learner, "Correction pending")
    assert restrict(learner, "Again") == first
    assert lift_restriction(learner) == 1
    assert not gdpr.is_restricted(learner, Purpose.MARKETING)


def test_an_unknown_purpose_is_refused_rather_than_allowed(learner):
    with pytest.raises(ValueError, match="unknown purpose"):
        gdpr.is_restricted(learner, "newsletter")


def test_anonymous_visitors_are_not_restricted():
    from django.contrib.auth.models import AnonymousUser

    assert not gdpr.is_restricted(AnonymousUser(), Purpose.STATISTICS)


def test_oscar_records_no_statistics_about_a_restricted_person(learner, buyer):
    from oscar.apps.catalogue.signals import product_viewed
    from oscar.apps.search.signals import user_search
    from oscar.core.loading import get_model
    from oscar.test.factories import create_product

    UserProductView = get_model("analytics", "UserProductView")
    UserSearch = get_model("analytics", "UserSearch")
    ProductRecord = get_model("analytics", "ProductRecord")
    product = create_product()
    restrict(learner, "Objected to statistics")
    from django.http import HttpResponse
    from django.test import RequestFactory

    for person in (learner, buyer):
        request = RequestFactory().get("/")
        product_viewed.send(
            sender=None, product=product, user=person, request=request, response=HttpResponse()
        )
        user_search.send(sender=None, session_id="s", query="kurs", user=person)
    assert list(UserProductView.objects.values_list("user", flat=True)) == [buyer.pk]
    assert list(UserSearch.objects.values_list("user", flat=True)) == [buyer.pk]
    assert ProductRecord.objects.get(product=product).num_views == 2  # the aggregate still counts
