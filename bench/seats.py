"""Benchmark of company seats on PostgreSQL: giving seats from a pasted list, and the
company administrator's pages when the company is large.

    .venv/bin/python bench/seats.py

(a) 100 addresses pasted and given through `assign_seats` (a third with accounts, who are
enrolled; the rest invited): time, and queries compared with 10 addresses.
(b) the seat pool page of a pool of 1,000 seats all given (200 to the company's members,
800 invited), the seat pools page and the company page with 200 members: time per
request (in-process, Django's test client) and queries, compared with a company of 10
seats and 2 members.

Mails are what the worker does after commit: they are not sent here. Takes
DATABASE_URL from the environment (default
postgres://postgres@127.0.0.1:5432/learnshop_bench_seats), creates and migrates that
database if needed, and empties it of the previous run's rows. `run()` returns the
figures for `make bench` as [{name, value, unit, target, met}].
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/learnshop_bench_seats"
ROUNDS = 5  # pasted lists given, each to a fresh pool
REQUESTS = 20  # per page


def setup_django() -> None:
    """Configure Django on the benchmark's own database (which it empties: never a real one)."""
    from django.apps import apps

    if apps.ready:
        raise RuntimeError("bench/seats.py empties its database: run it in a process of its own")
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    if "bench" not in os.environ["DATABASE_URL"].rsplit("/", 1)[1]:
        raise RuntimeError("bench/seats.py empties its database: give it one whose name contains 'bench'")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    from database import create_database  # bench/database.py, beside this script

    create_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # no query log growing with the work measured
    settings.ALLOWED_HOSTS = ["*"]
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)


def empty_database() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE home_user, companies_company, courses_course, courses_seller, auth_group"
            " RESTART IDENTITY CASCADE"
        )


def queue_no_mails() -> None:
    """The mails `assign_seats` queues after commit are the worker's work: not sent here."""
    from courses import tasks as course_tasks
    from shop.companies import tasks as company_tasks

    def delay(*args, **kwargs):
        return None

    course_tasks.tell_seat_holders.delay = delay
    company_tasks.send_invitations.delay = delay


# --- Data ----------------------------------------------------------------------------


def make_course():
    from django.contrib.auth.models import Group

    from courses.models import Course, Seller

    group = Group.objects.create(name="Bench seller")
    seller = Seller.objects.create(name="Bench seller", slug="bench-seller", group=group)
    return Course.objects.create(code="bench-gdpr", seller=seller)


def make_company(tag: str, members: int):
    """A company administered by `admin-<tag>@…`, with `members` people in it (admin included)."""
    from django.contrib.auth import get_user_model

    from shop.companies.models import Company, Membership, Role

    User = get_user_model()
    company = Company.objects.create(name=f"Bench {tag} AB", organisation_number="556036-0793")
    people = User.objects.bulk_create(
        [
            User(email=f"{tag}-{n}@bench.example", first_name="Bea", last_name=f"Bench {n}", password="!")
            for n in range(members)
        ]
    )
    Membership.objects.bulk_create(
        Membership(company=company, user=person, role=Role.ADMIN if n == 0 else Role.MEMBER)
        for n, person in enumerate(people)
    )
    return company, people[0], [person.email for person in people]


def make_pool(company, course, seats: int):
    from courses.models import Enrolment, GrantSource

    return Enrolment.objects.create(source=GrantSource.STAFF, course=course, company=company, seats=seats)


def pasted_list(tag: str, count: int, accounts: list[str]) -> str:
    """`count` addresses as pasted from a spreadsheet: a third with accounts, the rest new."""
    known = accounts[: count // 3]
    new = [f"{tag}-new-{n}@bench.example" for n in range(count - len(known))]
    return "\n".join(known + new)


# --- Measurements ----------------------------------------------------------------------


def counted(function):
    """(result, seconds, queries) of one call."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        result = function()
        seconds = time.perf_counter() - started
    return result, seconds, len(captured)


def bench_assign(course, size: int) -> tuple[float, int]:
    """Median seconds and the queries of giving `size` pasted seats, each round to a fresh pool."""
    from courses.seats import assign_seats, parse_addresses

    times, queries = [], set()
    for round_ in range(ROUNDS):
        company, admin, emails = make_company(f"a{size}r{round_}", size)
        pool = make_pool(company, course, size)
        text = pasted_list(f"a{size}r{round_}", size, emails)
        result, seconds, count = counted(lambda: assign_seats(pool, parse_addresses(text), admin))  # noqa: B023
        assert len(result.enrolled) + len(result.invited) == size, result
        times.append(seconds)
        queries.add(count)
    assert len(queries) == 1, f"giving {size} seats made {sorted(queries)} queries in different rounds"
    return statistics.median(times), queries.pop()


def big_company(tag: str, course, seats: int, members: int):
    """A company whose only pool has `seats` seats, all given: to each member, and the rest
    to people invited; a fifth of the members have started."""
    from courses.models import Enrolment
    from courses.seats import MAX_ADDRESSES, assign_seats

    company, admin, emails = make_company(tag, members)
    pool = make_pool(company, course, seats)
    addresses = emails + [f"{tag}-invited-{n}@bench.example" for n in range(seats - members)]
    for start in range(0, len(addresses), MAX_ADDRESSES):
        assign_seats(pool, addresses[start : start + MAX_ADDRESSES], admin)
    started = Enrolment.objects.filter(seat__pool=pool).order_by("pk").values_list("pk", flat=True)
    Enrolment.objects.filter(pk__in=list(started[: members // 5])).update(started_at=time_now())
    return company, admin, pool


def time_now():
    from django.utils import timezone

    return timezone.now()


def bench_pages(company, admin, pool) -> dict[str, tuple[float, int]]:
    """For each page: (median ms per request, queries per request), after a warm-up."""
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    client = Client()
    client.force_login(admin)
    with translation.override("sv"):
        pages = {
            "seat pool": reverse("account-seat-pool", kwargs={"pk": pool.pk}),
            "seat pools": reverse("account-seats"),
            "company": reverse("account-company", kwargs={"pk": company.pk}),
        }
    figures = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        times, queries = [], set()
        for _ in range(REQUESTS):
            response, seconds, count = counted(lambda: client.get(url))  # noqa: B023
            assert response.status_code == 200
            times.append(seconds)
            queries.add(count)
        figures[name] = (statistics.median(times) * 1000, max(queries))
    return figures


def _figure(name, value, unit, target=None, met=None):
    figure = {"name": name, "value": round(value, 3), "unit": unit, "target": target}
    if target is not None:
        figure["met"] = bool(met)
    return figure


def run() -> list[dict]:
    setup_django()
    empty_database()
    queue_no_mails()
    course = make_course()

    seconds_10, queries_10 = bench_assign(course, 10)
    seconds_100, queries_100 = bench_assign(course, 100)
    assign_flat = queries_100 == queries_10

    small = bench_pages(*big_company("small", course, seats=10, members=2))
    large = bench_pages(*big_company("large", course, seats=1_000, members=200))
    empty_database()

    figures = [
        _figure("seats: give 100 from a pasted list", seconds_100 * 1000, "ms"),
        _figure(
            "seats: give 100 from a pasted list, queries",
            queries_100,
            "queries",
            f"flat: = {queries_10} for 10",
            assign_flat,
        ),
        _figure("seats: give 10 from a pasted list", seconds_10 * 1000, "ms"),
    ]
    labels = {
        "seat pool": "seat pool page, 1,000 seats",
        "seat pools": "seat pools page, 1,000 seats",
        "company": "company page, 200 members",
    }
    for page, label in labels.items():
        ms, queries = large[page]
        figures.append(_figure(f"{label}", ms, "ms/request"))
        figures.append(
            _figure(
                f"{label}, queries",
                queries,
                "queries",
                f"flat: = {small[page][1]} for 10 seats, 2 members",
                queries == small[page][1],
            )
        )
    return figures


def main() -> int:
    figures = run()
    if "--json" in sys.argv:  # for bench/run.py, which keeps Django out of its own process
        import json

        print(json.dumps(figures))
        return 0
    width = max(len(f["name"]) for f in figures)
    print(f"{'what':<{width}}  {'value':>12}  {'unit':<10}  {'target':<34}  met")
    for f in figures:
        met = "" if f["target"] is None else ("yes" if f["met"] else "NO")
        print(f"{f['name']:<{width}}  {f['value']:>12,.3f}  {f['unit']:<10}  {f['target'] or '':<34}  {met}")
    return 0 if all(f.get("met", True) for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
