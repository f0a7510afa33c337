"""Each seller edits only its own part of the catalogue; editors approve what they submit."""

import pytest

from courses.sellers import ensure_course_review
from tests.factories.courses import make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_course(seller_company):
    return make_course(seller_company, "Egen kurs")


@pytest.fixture
def others_course(other_seller_company):
    return make_course(other_seller_company, "Annans kurs")


def test_seller_may_edit_its_own_course_but_not_publish_it(seller, own_course):
    permissions = own_course.permissions_for_user(seller)

    assert permissions.can_edit()
    assert not permissions.can_publish()


def test_seller_may_not_edit_another_sellers_course(seller, others_course):
    permissions = others_course.permissions_for_user(seller)

    assert not permissions.can_edit()
    assert not permissions.can_add_subpage()


def test_seller_may_add_courses_only_below_its_own_page(
    seller, seller_company, other_seller_company, catalogue
):
    own_page = seller_company.pages.get()
    others_page = other_seller_company.pages.get()

    assert own_page.permissions_for_user(seller).can_add_subpage()
    assert not others_page.permissions_for_user(seller).can_add_subpage()
    assert not catalogue.permissions_for_user(seller).can_add_subpage()


def test_seller_opens_its_own_course_in_the_admin_and_not_anothers(client, seller, own_course, others_course):
    client.force_login(seller)

    assert client.get(f"/admin/pages/{own_course.pk}/edit/").status_code == 200
    refused = client.get(f"/admin/pages/{others_course.pk}/edit/")
    assert refused.status_code in (302, 403)
    assert client.get(f"/admin/pages/{others_course.pk}/edit/", follow=True).request["PATH_INFO"] != (
        f"/admin/pages/{others_course.pk}/edit/"
    )


def test_sellers_submit_courses_to_the_editors_review(seller, own_course, catalogue, editor, role_groups):
    ensure_course_review(catalogue)

    workflow = own_course.get_workflow()

    assert workflow.name == "Course review"
    state = workflow.start(own_course, seller)
    assert state.current_task_state.task.specific.groups.filter(name="Editors").exists()
    assert own_course.permissions_for_user(editor).can_publish()


def test_a_translation_of_a_seller_page_gets_the_sellers_rights(
    seller, seller_company, django_capture_on_commit_callbacks
):
    from home.translation import translate_page

    page = seller_company.pages.get()
    with django_capture_on_commit_callbacks(execute=True):
        english = translate_page(page, "en", {page.title: "Seller One", page.slug: "seller-one"})

    assert english.permissions_for_user(seller).can_add_subpage()


@pytest.mark.parametrize("role", ["visitor", "buyer", "learner", "seller", "editor", "staff", "sysadmin"])
def test_only_the_courses_seller_and_editorial_roles_may_edit_it(request, role, own_course):
    user = None if role == "visitor" else request.getfixturevalue(role)
    can_edit = bool(user) and own_course.permissions_for_user(user).can_edit()

    assert can_edit == (role in {"seller", "editor", "sysadmin"})


def test_onboard_seller_command_sets_up_a_seller_once(catalogue, seller, role_groups, capsys):
    from django.core.management import call_command

    from courses.models import Seller

    call_command("onboard_seller", "Nordisk Kompetens AB", user=[seller.email], english_name="Nordic Skills")
    call_command("onboard_seller", "Nordisk Kompetens AB", user=[seller.email])

    company = Seller.objects.get()
    assert company.has_member(seller)
    assert company.partner.users.filter(pk=seller.pk).exists()
    assert company.pages.filter(locale__language_code="sv").count() == 1


def test_onboard_seller_refuses_an_unknown_account(catalogue):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="nobody@example.com"):
        call_command("onboard_seller", "X AB", user=["nobody@example.com"])
