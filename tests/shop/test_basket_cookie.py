"""The anonymous basket's cookie: HttpOnly and SameSite=Lax always, Secure in production."""

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.urls import reverse

import pytest

from tests.factories.courses import make_course

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture
def product(seller_company):
    return make_course(seller_company, "Kurs", price=Decimal("100")).course.product


def _basket_cookie(client, product):
    response = client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    assert response.status_code == 302
    return response.cookies[settings.OSCAR_BASKET_COOKIE_OPEN]


def test_the_basket_cookie_is_same_site_lax_and_http_only(client, product):
    cookie = _basket_cookie(client, product)

    assert cookie["samesite"] == "Lax" and cookie["httponly"] is True
    assert not cookie["secure"]  # plain HTTP on a developer's machine


def test_the_basket_cookie_is_secure_when_configured(client, product, settings):
    settings.OSCAR_BASKET_COOKIE_SECURE = True

    cookie = _basket_cookie(client, product)

    assert cookie["secure"] is True and cookie["samesite"] == "Lax"
    assert "SameSite=Lax" in cookie.output() and "Secure" in cookie.output()


def test_production_makes_the_basket_cookie_secure():
    code = (
        "from django.conf import settings as s; "
        "print(s.OSCAR_BASKET_COOKIE_SECURE, s.OSCAR_BASKET_COOKIE_SAMESITE, s.TRUSTED_PROXY_COUNT)"
    )
    env = {k: v for k, v in os.environ.items() if k != "TRUSTED_PROXY_COUNT"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="k" * 60,
        ALLOWED_HOSTS="x.se",
        REDIS_URL="redis://x",
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, env=env, capture_output=True, text=True
    )

    assert result.stdout.split() == ["True", "Lax", "1"], result.stderr
