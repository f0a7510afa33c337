"""The privacy centre in `make bench`: its summary page for a person with a long history,
and the deletion of an account from the person's confirmation to the erasure a real
Celery worker finishes.

(a) `--seed`: a person with 1,000 orders and 10,000 other rows (bench/privacy.py's
    history: billing addresses, searches, stored e-mails, notifications) and a person
    with 1 order, each made once; prints a fresh session cookie for each, with which
    bench/run.py loads /sv/shop/accounts/privacy/ under wrk like its other pages and
    counts the queries of both (they must be the same).
(b) The deletion, `RUNS` times, each for a new person with a history made through the
    shop's own code: `ORDERS` orders paid by invoice (each one seat on a course, its
    invoice PDF rendered and the order fulfilled: an enrolment each), one course finished
    (a signed certificate) and another half done. With the cooling-off at zero
    (ACCOUNT_DELETION_COOLING_OFF_DAYS=0), the clock starts at the POST that confirms
    the deletion with the password (in-process, Django's test client: the view locks
    the account and queues the person's mail). Then `carry_out_account_deletions` is
    queued as beat queues it each hour, and the clock stops when the worker has
    committed `AccountDeletion.carried_out_at`. The worker (`celery -A config worker -c
    2`, as deployed) takes this task only, from a queue of its own: whatever else make
    bench's seeding left queued is not in its way. Its log gives the task's own time, and
    is searched for the people's addresses afterwards.

Both use bench/run.py's environment (production settings, its PostgreSQL database and
Redis, seeded): `bench/run.py` runs (a) before it starts gunicorn and (b) after it stops
it; `bench/run.py --only privacy-centre` runs just these. `run()` returns (b)'s figures
as [{name, value, unit, target, met}].
"""

import json
import os
import re
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SUMMARY_PEOPLE = {"1,000 orders": (1_000, 10_000), "1 order": (1, 0)}  # orders, other rows
RUNS, ORDERS = 5, 10
PASSWORD = "bench-radera-mig"
WORKER_LOG = ROOT / "bench" / "celery-deletion.log"


def setup_django() -> None:
    if os.environ.get("DJANGO_SETTINGS_MODULE") != "config.settings.bench":
        raise SystemExit("Run through bench/run.py (its production settings and database).")
    for path in (str(ROOT), str(ROOT / "bench")):
        if path not in sys.path:
            sys.path.insert(0, path)
    import django

    django.setup()


def session_cookie(user) -> str:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


# --- (a) The summary page -----------------------------------------------------------


def seed_summary_people() -> dict[str, str]:
    """The two people, made once; a new session cookie for each."""
    from django.contrib.auth import get_user_model

    from privacy import make_person_with_history  # bench/privacy.py, beside this script

    cookies = {}
    for name, (orders, other_rows) in SUMMARY_PEOPLE.items():
        # make_person_with_history() names each person by their number of orders.
        person = get_user_model().objects.filter(email=f"bench-{orders}@example.com").first()
        cookies[name] = session_cookie(person or make_person_with_history(orders, other_rows))
    return cookies


# --- (b) The deletion ---------------------------------------------------------------


def courses_to_buy():
    """`ORDERS` courses with a product, the first two with lessons (one to finish, one to
    half do)."""
    from courses.models import CoursePage, LessonPage

    pages = CoursePage.objects.live().filter(locale__language_code="sv", course__product__isnull=False)
    with_lessons, others = [], []
    for page in pages.select_related("course").order_by("pk")[:200]:
        has_lessons = LessonPage.objects.live().descendant_of(page).exists()
        (with_lessons if has_lessons else others).append(page.course)
    if len(with_lessons) < 2:
        raise SystemExit("The bench database needs two courses with lessons (seed_demo makes them).")
    return (with_lessons[:2] + others + with_lessons[2:])[:ORDERS]


def make_customer(courses):
    """A buyer with `len(courses)` orders, their enrolments, a certificate and progress."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import translation

    from certificates.models import Certificate
    from shop.invoicing.orders import CompanyDetails
    from shop.seed import place_invoice_order, seed_progress

    person = get_user_model().objects.create_user(
        email=f"radera-{uuid.uuid4().hex[:12]}@bench.example",
        password=PASSWORD,
        first_name="Dana",
        last_name="Raderasson",
    )
    details = CompanyDetails(
        company_name="Bänkföretaget AB",
        organisation_number="556036-0793",
        vat_number="",
        contact_name="Dana Raderasson",
        email=person.email,
        reference="",
        language="sv",
    )
    with translation.override("sv"):
        for course in courses:
            with transaction.atomic():
                place_invoice_order(person, [(course.product, 1)], details, "Bänk")
        seed_progress(person, finished=courses[0], half_done=courses[1])
    if not Certificate.objects.filter(user=person).exists():
        raise RuntimeError("the bench customer got no certificate")
    return person


def start_worker(env: dict, queue: str) -> subprocess.Popen:
    log = WORKER_LOG.open("w")
    worker = subprocess.Popen(
        [str(BIN / "celery"), "-A", "config", "worker", "-l", "info", "-c", "2", "-Q", queue]
        + ["-n", f"{queue}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    for _ in range(300):
        if " ready." in WORKER_LOG.read_text() or worker.poll() is not None:
            break
        time.sleep(0.1)
    if worker.poll() is not None or " ready." not in WORKER_LOG.read_text():
        worker.terminate()
        raise SystemExit(f"The Celery worker did not start; see {WORKER_LOG.relative_to(ROOT)}")
    return worker


def delete_and_wait(person, queue: str) -> dict:
    """Confirm the deletion as the person, queue the beat's task, wait for the erasure."""
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    from gdpr.models import AccountDeletion
    from gdpr.tasks import carry_out_account_deletions

    client = Client(HTTP_HOST="127.0.0.1", headers={"X-Forwarded-Proto": "https"})
    client.force_login(person)
    with translation.override("sv"):
        url = reverse("account-delete")
    started = time.perf_counter()
    response = client.post(url, {"password": PASSWORD})
    confirmed = time.perf_counter()
    if response.status_code != 302:
        raise RuntimeError(f"the confirmation answered {response.status_code}")
    task = carry_out_account_deletions.apply_async(queue=queue)
    queued = time.perf_counter()
    done = AccountDeletion.objects.filter(user=person, carried_out_at__isnull=False)
    while not done.exists():
        if time.perf_counter() - queued > 120:
            raise RuntimeError(f"no erasure after 120 s; see {WORKER_LOG.relative_to(ROOT)}")
        time.sleep(0.005)
    erased = time.perf_counter()
    return {
        "task": task.id,
        "confirmation_ms": (confirmed - started) * 1000,
        "queued_to_erased_ms": (erased - queued) * 1000,
        "confirmation_to_erased_ms": (erased - started) * 1000,
    }


def task_seconds(task_id: str) -> float | None:
    """The task's run time as the worker logged it."""
    pattern = rf"carry_out_account_deletions\[{re.escape(task_id)}\] succeeded in ([\d.]+)s"
    for _ in range(50):
        found = re.search(pattern, WORKER_LOG.read_text())
        if found:
            return float(found.group(1))
        time.sleep(0.1)
    return None


def run() -> list[dict]:
    os.environ["ACCOUNT_DELETION_COOLING_OFF_DAYS"] = "0"
    setup_django()
    from django.conf import settings

    from config.celery import app

    if settings.ACCOUNT_DELETION_COOLING_OFF_DAYS != 0:
        raise RuntimeError("the cooling-off must be zero for this bench")
    queue = f"bench-deletion-{os.getpid()}"
    courses = courses_to_buy()
    worker = start_worker(dict(os.environ), queue)
    timings, people = [], []
    try:
        for _ in range(RUNS):
            # The history is made inline (its invoice PDFs, fulfilment and certificate as
            # the worker would make them); only the deletion's task goes to the worker.
            app.conf.task_always_eager = True
            person = make_customer(courses)
            people.append(person.email)
            app.conf.task_always_eager = False
            timings.append(delete_and_wait(person, queue))
        for timing in timings:
            timing["task_ms"] = (task_seconds(timing["task"]) or float("nan")) * 1000
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    log = WORKER_LOG.read_text()
    addresses = sum(log.count(address) for address in people)

    def p50(key):
        return round(statistics.median(t[key] for t in timings), 1)

    what = f"{ORDERS} orders, {ORDERS} enrolments, a certificate"
    return [
        {"name": f"account deletion, confirmation → erased by the worker ({what}), p50 of {RUNS}"}
        | {"value": p50("confirmation_to_erased_ms"), "unit": "ms", "target": None, "met": None},
        {"name": "  of which the confirmation (POST, password check, lock)"}
        | {"value": p50("confirmation_ms"), "unit": "ms", "target": None, "met": None},
        {"name": "  of which queued → erased (the worker's task)"}
        | {"value": p50("queued_to_erased_ms"), "unit": "ms", "target": None, "met": None},
        {"name": "  the erasure task's own time (worker log)"}
        | {"value": p50("task_ms"), "unit": "ms", "target": None, "met": None},
        {"name": "  the people's e-mail addresses in the worker's log"}
        | {"value": addresses, "unit": "", "target": "0", "met": addresses == 0},
    ]


def main() -> None:
    if "--seed" in sys.argv:
        setup_django()
        print(json.dumps(seed_summary_people()))
        return
    figures = run()
    if "--json" in sys.argv:  # for bench/run.py, which keeps Django out of its own process
        print(json.dumps(figures))
        return
    for f in figures:
        print(f"{f['name']:<96}{f['value']:>10} {f['unit']}")


if __name__ == "__main__":
    main()
