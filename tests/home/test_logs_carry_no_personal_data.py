"""Logs carry no personal data beyond what is needed (issue #12, docs/privacy.md "Logs"):
searching, logging in, changing one's password and an error while searching leave neither
the search terms nor the person's address in any log record or in the administrators'
error mail, and gunicorn's access log, when switched on, drops the query string."""

import datetime
import logging
import runpy
import sys
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote_plus

from django.core import mail
from django.urls import reverse

from oscar.core.loading import get_model

import pytest
from gunicorn.config import Config
from gunicorn.glogging import Logger

from home.logs import RedactingFormatter
from tests.factories.home import UserFactory

pytestmark = pytest.mark.django_db

ADDRESS, PASSWORD = "stina.sokare@example.com", "correct horse battery staple"
TERM = "rödbetsmarmelad"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def person(home_page):
    return UserFactory(email=ADDRESS, first_name="Stina", last_name="Sökare")


@pytest.fixture
def every_logger_at_debug(caplog, settings):
    """Every logger at DEBUG, except those whose level the settings set: those levels are
    part of what is tested (django.template's DEBUG lines quote a template's whole
    context, the search included; the settings keep "django" at INFO even when
    LOG_LEVEL=DEBUG)."""
    pinned = tuple(settings.LOGGING["loggers"])
    caplog.set_level(logging.DEBUG)
    for name in list(logging.root.manager.loggerDict):
        if not any(name == p or name.startswith(f"{p}.") for p in pinned):
            caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def logged(caplog) -> str:
    """Every record as a log file would hold it, traceback included."""
    formatter = logging.Formatter("%(levelname)s %(name)s %(message)s")
    return "\n".join(formatter.format(record) for record in caplog.records)


def assert_nothing_personal(text: str) -> None:
    for secret in (TERM, quote_plus(TERM), ADDRESS, "Sökare"):
        assert secret not in text, f"{secret!r} in:\n{text}"


def log_in(client, password=PASSWORD):
    return client.post(
        "/sv/shop/accounts/login/",
        {"login-username": ADDRESS, "login-password": password, "login_submit": "1"},
        HTTP_USER_AGENT="Mozilla/5.0 (Stinas dator)",
    )


def test_searching_and_logging_in_log_no_search_term_and_no_address(client, person, every_logger_at_debug):
    caplog = every_logger_at_debug

    client.get("/sv/search/", {"q": TERM})
    client.get("/sv/shop/search/", {"q": TERM})  # Oscar's search, sent on to ours
    assert log_in(client, "wrong password").status_code == 200
    assert log_in(client).status_code == 302
    assert client.get("/sv/search/", {"q": TERM}).status_code == 200
    assert client.get("/sv/no-such-page/", {"q": TERM}).status_code == 404
    client.post("/sv/shop/accounts/logout/")

    text = logged(caplog)
    assert "AXES" in text and "Not Found: /sv/no-such-page/" in text  # records were captured
    assert_nothing_personal(text)
    assert "Stinas dator" not in text  # nor the browser's user agent
    # Nor is the search stored with the person (Oscar's analytics would keep it).
    assert not get_model("analytics", "UserSearch").objects.exists()


def test_changing_ones_password_logs_no_address(client, person, every_logger_at_debug):
    client.force_login(person)

    response = client.post(
        reverse("customer:change-password"),
        {
            "old_password": PASSWORD,
            "new_password1": "ett helt nytt lösenord",
            "new_password2": "ett helt nytt lösenord",
        },
    )

    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[ADDRESS]]  # Oscar's mailer wrote to the person
    assert_nothing_personal(logged(every_logger_at_debug))


def test_an_error_while_searching_reaches_the_log_and_the_administrators_without_the_search(
    client, person, every_logger_at_debug, settings, monkeypatch
):
    settings.ADMINS = [("Drift", "drift@example.com")]
    monkeypatch.setattr("home.search.search_site", lambda *args: 1 / 0)
    client.force_login(person)
    client.raise_request_exception = False

    assert client.get("/sv/search/", {"q": TERM}).status_code == 500

    text = logged(every_logger_at_debug)
    assert "Internal Server Error: /sv/search/" in text and "ZeroDivisionError" in text
    assert_nothing_personal(text)
    (report,) = mail.outbox
    assert report.to == ["drift@example.com"] and "ZeroDivisionError" in report.body
    assert_nothing_personal(report.subject + report.body)


def test_the_log_format_blanks_any_address_that_other_code_logs():
    try:
        raise RuntimeError(f"550 recipient refused: {ADDRESS}")
    except RuntimeError:
        record = logging.LogRecord(
            "oscar", logging.INFO, __file__, 1, "Sending email to %s", (ADDRESS,), sys.exc_info()
        )

    line = RedactingFormatter("%(message)s").format(record)

    assert ADDRESS not in line
    assert line.startswith("Sending email to [e-mail]") and "550 recipient refused: [e-mail]" in line


def test_gunicorn_writes_no_access_log_and_its_format_drops_the_query_string(capsys):
    cfg = Config()
    for name, value in runpy.run_path(str(ROOT / "config" / "gunicorn.py")).items():
        if name in cfg.settings:
            cfg.set(name, value)
    assert cfg.accesslog is None  # nginx keeps the access log (docs/deployment.md)

    cfg.set("accesslog", "-")  # as an operator switching it on for a while would
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/sv/search/?q={quote_plus(TERM)}",
        "PATH_INFO": "/sv/search/",
        "QUERY_STRING": f"q={quote_plus(TERM)}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "198.51.100.7",
        "HTTP_REFERER": f"https://learn.example/sv/search/?q={quote_plus(TERM)}",
        "HTTP_USER_AGENT": "Mozilla/5.0 (Stinas dator)",
    }
    response = SimpleNamespace(status="200 OK", sent=1234, headers=[])
    gunicorn_log = Logger(cfg)
    try:
        gunicorn_log.access(
            response, SimpleNamespace(headers=[]), environ, datetime.timedelta(milliseconds=42)
        )
    finally:  # its handlers write to this test's captured stdout
        gunicorn_log.access_log.handlers.clear()
        gunicorn_log.error_log.handlers.clear()

    line = capsys.readouterr().out
    assert '"GET /sv/search/ HTTP/1.1" 200 1234 42ms' in line
    for left_out in (quote_plus(TERM), "q=", "198.51.100.7", "Stinas dator", "learn.example"):
        assert left_out not in line, line
