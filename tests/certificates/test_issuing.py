"""Issuing: one certificate per completed course, from the completion signal only,
with a snapshot that later changes do not touch."""

from datetime import date
from decimal import Decimal

from django.core import mail
from django.utils import timezone

import pytest

from certificates import issuing, keys
from certificates.models import Certificate, normalise_code
from certificates.signing import verify
from certificates.tasks import issue_certificate
from courses.models import CourseCompletion, CoursePage, Enrolment, LessonPage
from courses.seats import assign_seats
from shop.invoicing import fulfilment
from tests.factories.courses import make_course, make_lessons
from tests.factories.home import UserFactory
from tests.factories.shop import place_order

pytestmark = pytest.mark.django_db


def test_completing_a_course_issues_one_certificate_with_its_snapshot(
    certificate, holder, course_page, design
):
    assert certificate.learner_name == "Anna Andersson"
    assert certificate.course_titles == {"sv": "Dataskydd i praktiken"}
    assert certificate.course == course_page.course
    assert certificate.completed_on == timezone.localdate()
    assert certificate.expires_on is None
    assert certificate.design == design
    assert certificate.design_snapshot["signatories"][0]["name"] == "Karin Lund"
    assert certificate.design_snapshot["title"]["sv"] == "Kursintyg"
    assert certificate.course_version.startswith(timezone.localdate().isoformat())
    assert normalise_code(certificate.code) == certificate.code and len(certificate.code) == 20
    assert certificate.is_valid


def test_the_learner_gets_one_mail_with_the_pdf(certificate, holder):
    [message] = [m for m in mail.outbox if holder.email in m.to]
    assert "Dataskydd i praktiken" in message.subject
    assert f"/certificates/verify/{certificate.code}/" in message.body
    [(name, content, kind)] = message.attachments
    assert kind == "application/pdf" and content.startswith(b"%PDF") and name.endswith(".pdf")
    assert Certificate.objects.get().mailed_at is not None


def test_the_credential_is_signed_and_verifies(certificate):
    credential = Certificate.objects.get().credential
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["id"] == f"urn:uuid:{certificate.uuid}"
    identity = credential["credentialSubject"]["identifier"][0]
    assert identity["identityHash"] == "Anna Andersson"
    assert credential["credentialStatus"]["statusListIndex"] == str(certificate.status_index)
    assert verify(credential, lambda url: keys.trusted_public_key(keys.multibase_from_key_id(url))) == []


def test_running_the_task_again_issues_none_more_and_mails_once(certificate, holder):
    completion = CourseCompletion.objects.get(user=holder)
    issue_certificate.delay(completion.pk)
    issuing.issue(completion.pk)

    assert Certificate.objects.count() == 1
    assert len([m for m in mail.outbox if holder.email in m.to]) == 1


def test_viewing_pages_issues_nothing(client, holder, course_page):
    # Completed without the signal's task having run (say, the worker was down).
    CourseCompletion.objects.create(user=holder, course=course_page.course)
    client.force_login(holder)
    lesson = LessonPage.objects.descendant_of(course_page).first()

    for url in ("/sv/shop/accounts/courses/", "/sv/shop/accounts/certificates/", lesson.url, course_page.url):
        assert client.get(url).status_code == 200

    assert not Certificate.objects.exists()


def test_a_course_without_certificate_issues_none(seller_company, holder, complete):
    page = make_course(seller_company, "Utan intyg", issues_certificate=False)
    make_lessons(page, modules=1, lessons_per_module=1, free_preview_first=False)
    from courses.models import GrantSource

    Enrolment.objects.create(user=holder, course=page.course, source=GrantSource.STAFF)
    complete(holder, page)

    assert CourseCompletion.objects.filter(user=holder, course=page.course).exists()
    assert not Certificate.objects.exists()


def test_a_validity_period_gives_an_expiry_date(seller_company, holder, complete):
    page = make_course(seller_company, "Giltig", certificate_validity_months=24)
    make_lessons(page, modules=1, lessons_per_module=1, free_preview_first=False)
    from courses.models import GrantSource

    Enrolment.objects.create(user=holder, course=page.course, source=GrantSource.STAFF)
    complete(holder, page)

    certificate = Certificate.objects.get()
    today = timezone.localdate()
    assert certificate.expires_on.year == today.year + 2
    assert certificate.credential["validUntil"].startswith(certificate.expires_on.isoformat())


def test_the_snapshot_stays_when_names_and_titles_change(certificate, holder, course_page, design):
    holder.first_name = "Annika"
    holder.save()
    course_page.title = "Ny titel"
    course_page.save_revision().publish()
    design.signatories.update(name="Någon annan")

    certificate.refresh_from_db()
    assert certificate.learner_name == "Anna Andersson"
    assert certificate.course_title("sv") == "Dataskydd i praktiken"
    assert certificate.design_snapshot["signatories"][0]["name"] == "Karin Lund"


def test_a_reissue_carries_the_new_name_and_replaces_the_old(certificate, holder):
    holder.first_name = "Annika"
    holder.save()

    new = issuing.reissue(certificate)

    certificate.refresh_from_db()
    assert new.learner_name == "Annika Andersson" and new.reissue_of == certificate
    assert new.completed_on == certificate.completed_on and new.code != certificate.code
    assert certificate.revoked_at is not None and certificate.status == "revoked"
    assert new.status_index != certificate.status_index
    with pytest.raises(ValueError):
        issuing.reissue(certificate)  # a replaced certificate is not reissued twice


def test_status_places_are_unique(holder, seller_company, complete):
    from courses.models import GrantSource

    for n in range(5):
        page = make_course(seller_company, f"Kurs {n}")
        make_lessons(page, modules=1, lessons_per_module=1, free_preview_first=False)
        Enrolment.objects.create(user=holder, course=page.course, source=GrantSource.STAFF)
        complete(holder, page)

    indexes = list(Certificate.objects.values_list("status_index", flat=True))
    assert len(indexes) == len(set(indexes)) == 5


def test_the_company_that_paid_for_the_seat_is_named(buyer, seller_company, complete):
    page = make_course(seller_company, "Med plats", price=Decimal("1000"))
    make_lessons(page, modules=1, lessons_per_module=1, free_preview_first=False)
    order = place_order(buyer, [(page.course.product, 2)])
    fulfilment.fulfil_order(order)
    person = UserFactory(email="plats@example.com", first_name="Per", last_name="Plats")
    assign_seats(Enrolment.objects.get(order_line__order=order), [person.email], buyer)

    complete(person, page)

    assert order.billing.company_name
    assert Certificate.objects.get(user=person).company_name == order.billing.company_name


def test_a_learner_granted_by_staff_has_no_company(certificate):
    assert certificate.company_name == ""


def test_a_certificate_of_a_course_later_unpublished_still_verifies(client, certificate, course_page):
    CoursePage.objects.get(pk=course_page.pk).unpublish()

    response = client.get(f"/sv/certificates/verify/{certificate.code}/")

    assert response.status_code == 200
    assert "Dataskydd i praktiken" in response.content.decode()
    assert (
        verify(certificate.credential, lambda url: keys.trusted_public_key(keys.multibase_from_key_id(url)))
        == []
    )


def test_completed_on_is_the_completion_date(holder, course_page, complete, time_machine):
    time_machine.move_to("2026-03-14 00:30:00+01:00", tick=False)  # still the 13th in UTC
    complete(holder, course_page)

    assert Certificate.objects.get().completed_on == date(2026, 3, 14)
