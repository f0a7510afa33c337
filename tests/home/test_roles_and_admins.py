"""One account system: who reaches which admin, role by role."""

import pytest

pytestmark = pytest.mark.django_db

ROLES = ["visitor", "buyer", "learner", "seller", "editor", "staff", "sysadmin"]

# Who may open each admin. Sellers reach Oscar's dashboard for their own partner only.
WAGTAIL_ADMIN = {"seller", "editor", "staff", "sysadmin"}
OSCAR_DASHBOARD = {"seller", "staff", "sysadmin"}
DJANGO_ADMIN = {"sysadmin"}


def login_as(client, request, role):
    if role != "visitor":
        client.force_login(request.getfixturevalue(role))


@pytest.mark.parametrize("role", ROLES)
def test_wagtail_admin_is_open_only_to_editorial_roles(client, request, home_page, role):
    login_as(client, request, role)

    response = client.get("/admin/")

    if role in WAGTAIL_ADMIN:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response.url.startswith("/admin/login/")


@pytest.mark.parametrize("role", ROLES)
def test_oscar_dashboard_is_open_only_to_staff_and_sellers(client, request, role):
    login_as(client, request, role)

    response = client.get("/dashboard/")

    if role in OSCAR_DASHBOARD:
        assert response.status_code == 200
    elif role == "visitor":
        assert response.status_code == 302
        assert "/login/" in response.url
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_django_admin_is_for_system_administrators_only(client, request, role):
    login_as(client, request, role)

    response = client.get("/django-admin/")

    assert response.status_code == (200 if role in DJANGO_ADMIN else 302)
    if role not in DJANGO_ADMIN:
        assert response.url.startswith("/django-admin/login/")


def test_one_login_opens_the_shop_account_and_both_admins(client, staff, home_page):
    response = client.post(
        "/sv/shop/accounts/login/",
        {
            "login_submit": "1",
            "login-username": "staff@example.com",
            "login-password": "correct horse battery staple",
        },
    )
    assert response.status_code == 302, response.context["login_form"].errors

    assert client.get("/sv/shop/accounts/profile/").status_code == 200
    assert client.get("/admin/").status_code == 200
    assert client.get("/dashboard/").status_code == 200


def test_wrong_password_is_refused_in_the_readers_language(client, buyer, home_page):
    response = client.post(
        "/sv/shop/accounts/login/",
        {"login_submit": "1", "login-username": "buyer@example.com", "login-password": "wrong"},
    )

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "korrekt" in response.text.lower() or "felaktig" in response.text.lower()
