"""The production settings refuse to start unsafely and pass Django's deployment checks."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from certificates import keys

PROJECT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    # A clean deployment environment: none of the test run's own switches.
    ignored = {"SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL"}
    environment = {k: v for k, v in os.environ.items() if k not in ignored}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=PROJECT, env=environment, capture_output=True, text=True
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage(
        "check",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        ALLOWED_HOSTS="x.se",
        REDIS_URL="redis://x",
    )

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_redis():
    result = run_manage(
        "check",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        ALLOWED_HOSTS="x.se",
        SECRET_KEY="k" * 60,
    )

    assert result.returncode != 0
    assert "REDIS_URL must be set" in result.stderr


def test_production_refuses_the_development_secret_key():
    from config.settings.base import INSECURE_DEV_SECRET_KEY

    result = run_manage(
        "check",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=INSECURE_DEV_SECRET_KEY,
        ALLOWED_HOSTS="x.se",
        REDIS_URL="redis://x",
    )

    assert result.returncode != 0


PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "ADMIN_EMAILS": "drift@cloocast.se",
    "SUPPRESSION_LIST_KEY": "a-key-of-its-own-for-the-suppression-list",
    "ALLOWED_HOSTS": "learn.cloocast.se",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def test_production_settings_pass_the_deployment_checks(tmp_path):
    key = keys.generate_key_file(tmp_path / "signing.pem")
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(50),
        CERTIFICATE_SIGNING_KEY_FILE=str(key),
        **PRODUCTION,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deployment_checks_insist_on_a_certificate_signing_key(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        SECRET_KEY=secrets.token_urlsafe(50),
        CERTIFICATE_SIGNING_KEY_FILE=str(tmp_path / "missing.pem"),
        **PRODUCTION,
    )

    assert result.returncode != 0
    assert "certificates.E001" in result.stdout + result.stderr


def test_base_settings_are_safe_by_default():
    from config.settings import base

    assert base.DEBUG is False


def test_the_deployment_checks_insist_on_someone_told_of_account_deletions(tmp_path):
    key = keys.generate_key_file(tmp_path / "signing.pem")
    result = run_manage(
        "check",
        "--deploy",
        SECRET_KEY=secrets.token_urlsafe(50),
        CERTIFICATE_SIGNING_KEY_FILE=str(key),
        **{**PRODUCTION, "ADMIN_EMAILS": ""},
    )

    assert result.returncode != 0
    assert "gdpr.E016" in result.stdout + result.stderr


def test_the_deployment_checks_insist_on_a_suppression_key_of_its_own(tmp_path):
    key = keys.generate_key_file(tmp_path / "signing.pem")
    secret = secrets.token_urlsafe(50)
    result = run_manage(
        "check",
        "--deploy",
        SECRET_KEY=secret,
        CERTIFICATE_SIGNING_KEY_FILE=str(key),
        **{**PRODUCTION, "SUPPRESSION_LIST_KEY": secret},
    )

    assert result.returncode != 0
    assert "gdpr.E017" in result.stdout + result.stderr
