"""A course that issues certificates, a learner on it, and completing it as the player would."""

import pytest

from certificates.models import CertificateDesign, Signatory
from courses.models import Enrolment, GrantSource
from courses.progress import mark_done
from tests.factories.courses import make_course, make_lessons
from tests.factories.home import UserFactory


@pytest.fixture
def design(db):
    design = CertificateDesign.objects.create(
        name="Standard",
        title_sv="Kursintyg",
        statement_en="has successfully completed",
        primary_colour="#224466",
    )
    Signatory.objects.create(design=design, name="Karin Lund", title_sv="VD", title_en="CEO")
    return design


@pytest.fixture
def course_page(seller_company, design):
    page = make_course(seller_company, "Dataskydd i praktiken", certificate_design=design)
    make_lessons(page, modules=1, lessons_per_module=2, free_preview_first=False)
    return page


@pytest.fixture
def holder(course_page):
    """A learner on the course, with a name to put on a certificate."""
    person = UserFactory(email="anna@example.com", first_name="Anna", last_name="Andersson")
    Enrolment.objects.create(user=person, course=course_page.course, source=GrantSource.STAFF)
    return person


@pytest.fixture
def complete(django_capture_on_commit_callbacks):
    """Completes the course for a person, lesson by lesson, and runs what the commit
    triggers (the completion signal, the certificate task: eager in tests)."""

    def complete(person, page):
        from courses.models import LessonPage

        with django_capture_on_commit_callbacks(execute=True):
            for lesson in LessonPage.objects.live().descendant_of(page).order_by("path"):
                mark_done(person, lesson)

    return complete


@pytest.fixture
def certificate(holder, course_page, complete):
    complete(holder, course_page)
    return holder.certificates.get()
