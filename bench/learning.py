"""Benchmark of learning on PostgreSQL: the player's progress reports with many learners
at once, and the learner's own pages (My learning, the syllabus, the player page).

    .venv/bin/python bench/learning.py [--json]

(a) Progress reports. One course whose lessons each have a processed ("ready") 10-minute
    video, and 50 learners enrolled on it. Each learner is a thread with a database
    connection of its own (closed when it ends), and reports as the player does: each
    report claims the 4 s after the previous one, a claim the server accepts however
    soon it comes (up to twice the time since the last report, plus 5 s:
    courses/progress.py). Each learner's first report in a lesson (which creates its row
    and claims nothing) is sent before the clock starts. Two ways in, measured in the
    same rounds: `courses.progress.report()` called in-process (with the lesson looked up
    as the view does), and POST /learning/lessons/<id>/progress/ through Django's test
    client (the view, its middleware and the learner's session).
    - Throughput: 5 learners × 40 reports, then 50 × 20, each as fast as it can: reports/s.
    - Latency: 300 reports at half the throughput just measured with 50, sent by 5
      learners (60 each), then by 50 (6 each), each learner at a steady pace with a
      random start: p50/p95 per report. The total rate is the same, so what changes is
      only how many learners report at once: p95 with 50 must stay within 3× p95 with
      5. (Closed-loop latency grows with the number of clients whatever the locks do:
      here they all queue for one interpreter.)
    Each round uses a lesson of its own. After it, every learner's LessonProgress must
    hold exactly the seconds its accepted reports claimed: the difference, in reports, is
    "lost". Meanwhile a sampler polls pg_stat_activity every 10 ms for backends waiting
    on a row lock (each report locks only its own learner's row: none should).
(b) My learning, for a learner enrolled on 30 courses (2 modules × 3 lessons each; 2
    completed, most others partly done) and for one on 3 courses: median time per GET
    over 20 requests (in-process, Django's test client, after one warm-up) and queries,
    which must be the same for 3 and 30. Then the syllabus (the course page an enrolled
    learner sees) and a lesson's player page: time and queries. No GET may write
    (INSERT, UPDATE or DELETE are counted).

Takes DATABASE_URL from the environment (default
postgres://postgres@127.0.0.1:5432/learnshop_bench_learning), creates and migrates that
database if needed, and empties it of the previous run's rows; the cache is Redis
database 15 (REDIS_URL's server when set), emptied too. `run()` returns the figures for
`make bench` as [{name, value, unit, target, met}].
"""

from __future__ import annotations

import math
import os
import random
import re
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/learnshop_bench_learning"
CACHE_DB = 15
LEARNERS = 50
FEW_LEARNERS = 5
REPORTS, FEW_REPORTS = 20, 40  # per learner in the throughput rounds, 50 or 5 at once
PACED_TOTAL = 300  # reports in each latency round, 5 or 50 learners sharing them
PACED_LOAD = 0.5  # latency rounds offer this share of the throughput measured with 50
CLAIM = 4.0  # seconds watched per report
LATENCY_RATIO = 3.0  # p95 with 50 learners ≤ this × p95 with 5
VIDEO_SECONDS = 600
MY_COURSES, FEW_COURSES = 30, 3
MODULES, LESSONS_PER_MODULE = 2, 3
REQUESTS = 20  # per page
WRITES = ("INSERT", "UPDATE", "DELETE")


def setup_django() -> None:
    """Configure Django on the benchmark's own database (which it empties: never a real one)."""
    from django.apps import apps

    if apps.ready:
        raise RuntimeError("bench/learning.py empties its database: run it in a process of its own")
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    if "bench" not in os.environ["DATABASE_URL"].rsplit("/", 1)[1]:
        raise RuntimeError("bench/learning.py empties its database: give it one whose name contains 'bench'")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    redis_url = re.sub(
        r"(/\d*)?$", f"/{CACHE_DB}", os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379", count=1
    )
    os.environ["REDIS_URL"] = redis_url
    from database import create_database  # bench/database.py, beside this script

    create_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # no query log growing with the work measured
    settings.ALLOWED_HOSTS = ["*"]
    # As in production: a learner's connection outlives a request (the test settings
    # close it after each one), and the cache is Redis (the test settings pick database 1).
    settings.DATABASES["default"]["CONN_MAX_AGE"] = 60
    settings.CACHES["default"]["LOCATION"] = redis_url
    # The pages are built without search indexing: none of the pages measured searches.
    for backend in settings.WAGTAILSEARCH_BACKENDS.values():
        backend["AUTO_UPDATE"] = False
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)


def empty_database() -> None:
    """The previous run's people, courses, products and pages; the page tree is rebuilt."""
    from django.core.cache import cache
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE home_user, courses_course, courses_seller, courses_lessonvideo, catalogue_product,"
            " wagtailcore_page, wagtailcore_revision, wagtailcore_pagelogentry, wagtailcore_modellogentry,"
            " wagtailcore_referenceindex, wagtailsearch_indexentry, django_session"
            " RESTART IDENTITY CASCADE"
        )
    cache.clear()


# --- Data ----------------------------------------------------------------------------


def make_site():
    """A Swedish home page as the default site's root, with a catalogue and one seller."""
    from wagtail.models import Collection, Locale, Page, Site

    from courses.models import CourseIndexPage
    from courses.sellers import onboard_seller
    from home.models import HomePage

    locale = Locale.objects.get_or_create(language_code="sv")[0]
    Locale.objects.get_or_create(language_code="en")
    Collection.get_first_root_node() or Collection.add_root(name="Root")
    root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    home = root.add_child(instance=HomePage(title="Välkommen", slug="start", locale=locale))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    catalogue = home.add_child(instance=CourseIndexPage(title="Kurser", slug="kurser", show_in_menus=True))
    return onboard_seller("Bench Akademi", catalogue)


def ready_video():
    """A processed video, as the worker leaves it (no file is read: the player page only signs URLs)."""
    from courses.models import LessonVideo

    return LessonVideo.objects.bulk_create(
        [
            LessonVideo(
                title="Bench video",
                file="videos/bench/source.mp4",
                status="ready",
                output_dir="videos/bench/",
                duration_seconds=VIDEO_SECONDS,
                width=1280,
                height=720,
                processed_at=time_now(),
            )
        ]
    )[0]


def make_course(seller, title: str, video, modules: int, lessons_per_module: int):
    """A live course page with its product, modules and lessons (no revisions: fast)."""
    from courses.models import CoursePage, LessonPage, ModulePage
    from courses.products import ensure_course_product

    seller_page = seller.pages.get(locale__language_code="sv")
    page = seller_page.add_child(
        instance=CoursePage(title=title, summary=f"Om {title}", description="<p>Beskrivning</p>")
    )
    ensure_course_product(page.course, title, Decimal("1000"))
    lessons = []
    for m in range(modules):
        module = page.add_child(instance=ModulePage(title=f"Modul {m + 1}"))
        for n in range(lessons_per_module):
            lessons.append(
                module.add_child(
                    instance=LessonPage(
                        title=f"Lektion {m + 1}.{n + 1}",
                        summary="Sammanfattning",
                        text="<p>Lektionstext</p>",
                        video=video,
                    )
                )
            )
    return page, lessons


def make_learners(tag: str, count: int) -> list:
    from django.contrib.auth import get_user_model

    User = get_user_model()
    return User.objects.bulk_create(
        User(email=f"{tag}-{n}@bench.example", first_name="Bea", last_name=f"Bench {n}", password="!")
        for n in range(count)
    )


def enrol(users, courses) -> None:
    from courses.models import Enrolment

    Enrolment.objects.bulk_create(
        Enrolment(user=user, course=course, source="staff") for user in users for course in courses
    )


def time_now():
    from django.utils import timezone

    return timezone.now()


# --- (a) Progress reports ------------------------------------------------------------


@dataclass
class Round:
    mode: str  # "report()" or "HTTP"
    learners: int
    reports: int
    interval: float  # seconds between one learner's reports; 0: as fast as it can
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    accepted: dict = field(default_factory=dict)  # user id: reports accepted
    seconds: float = 0.0
    lost: int = 0
    row_lock_samples: int = 0
    other_lock_samples: int = 0

    @property
    def sent(self) -> int:
        return len(self.latencies)

    @property
    def per_second(self) -> float:
        return self.sent / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        """Nearest rank, in ms."""
        ordered = sorted(self.latencies)
        return ordered[max(0, math.ceil(share * len(ordered)) - 1)] * 1000


class LockSampler(threading.Thread):
    """Polls pg_stat_activity for backends of this database waiting on a lock."""

    def __init__(self, url: str):
        super().__init__(daemon=True)
        self.url, self.stop, self.row, self.other = url, threading.Event(), 0, 0

    def run(self):
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as connection:
            while not self.stop.is_set():
                row, other = connection.execute(
                    "SELECT count(*) FILTER (WHERE wait_event IN ('transactionid', 'tuple')),"
                    " count(*) FILTER (WHERE wait_event NOT IN ('transactionid', 'tuple'))"
                    " FROM pg_stat_activity WHERE datname = current_database()"
                    " AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
                ).fetchone()
                self.row += row > 0
                self.other += other > 0
                self.stop.wait(0.01)


def _learner(round_, user, lesson_id, token, client, barrier, offset, lock):
    """One learner's reports, each claiming the CLAIM seconds after the previous one."""
    from django.db import connections

    from courses.models import LessonPage
    from courses.progress import ProgressRefused, report

    url = f"/learning/lessons/{lesson_id}/progress/"
    latencies, errors, accepted = [], [], 0

    def send(**data) -> str | None:
        """One report, as the view makes it or through the view; what went wrong, if anything."""
        try:
            if client is None:
                lesson = LessonPage.objects.live().select_related("video").get(pk=lesson_id)
                report(user, lesson, token=token, **data)
                return None
            response = client.post(url, {**data, "token": token})
            return (
                None if response.status_code == 200 else f"{response.status_code} {response.content[:200]!r}"
            )
        except ProgressRefused as refusal:
            return f"refused: {refusal.message}"
        except Exception as exc:  # noqa: BLE001 - counted and shown, never hidden
            return f"{type(exc).__name__}: {exc}"

    try:
        # Before the clock: the first report, which creates the learner's row for the
        # lesson and marks the course started, claiming nothing (and opens the connection).
        warm_up_error = send(position="0", watched="")
        if warm_up_error:
            errors.append(warm_up_error)
        barrier.wait()
        start = time.perf_counter() + offset
        for n in range(round_.reports):
            if round_.interval:
                time.sleep(max(0.0, start + n * round_.interval - time.perf_counter()))
            data = {"position": f"{(n + 1) * CLAIM:.1f}", "watched": f"{n * CLAIM:.1f}-{(n + 1) * CLAIM:.1f}"}
            began = time.perf_counter()
            error = send(**data)
            latencies.append(time.perf_counter() - began)
            if error:
                errors.append(error)
            else:
                accepted += 1
    finally:
        connections.close_all()
        with lock:
            round_.latencies.extend(latencies)
            round_.errors.extend(errors)
            round_.accepted[user.pk] = accepted


def run_round(round_: Round, learners, lesson, clients) -> Round:
    from courses.models import LessonProgress
    from courses.progress import report_token

    tokens = [report_token(user, lesson) for user in learners]
    barrier = threading.Barrier(round_.learners + 1)
    lock = threading.Lock()
    threads = [
        threading.Thread(
            target=_learner,
            args=(
                round_,
                user,
                lesson.pk,
                token,
                clients[n] if round_.mode == "HTTP" else None,
                barrier,
                random.uniform(0, round_.interval),
                lock,
            ),
        )
        for n, (user, token) in enumerate(zip(learners, tokens, strict=True))
    ]
    sampler = LockSampler(os.environ["DATABASE_URL"])
    sampler.start()
    for thread in threads:
        thread.start()
    barrier.wait(timeout=300)
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    round_.seconds = time.perf_counter() - started
    sampler.stop.set()
    sampler.join()
    round_.row_lock_samples, round_.other_lock_samples = sampler.row, sampler.other

    stored = dict(
        LessonProgress.objects.filter(lesson_key=lesson.translation_key).values_list(
            "user_id", "watched_seconds"
        )
    )
    missing = sum(
        abs(CLAIM * round_.accepted.get(user.pk, 0) - stored.get(user.pk, 0.0)) for user in learners
    )
    round_.lost = round(missing / CLAIM)
    return round_


def bench_reports(seller, video) -> list[Round]:
    from django.test import Client

    rounds_per_mode = 4
    _page, lessons = make_course(seller, "Rapporter", video, 2, rounds_per_mode)
    learners = make_learners("reporter", LEARNERS)
    enrol(learners, [lessons[0].course_page.course])
    clients = []
    for user in learners:
        client = Client()
        client.force_login(user)
        clients.append(client)
    lessons = iter(lessons)
    rounds = []
    for mode in ("report()", "HTTP"):
        few = Round(mode, FEW_LEARNERS, FEW_REPORTS, 0)
        few = run_round(few, learners[:FEW_LEARNERS], next(lessons), clients)
        many = run_round(Round(mode, LEARNERS, REPORTS, 0), learners, next(lessons), clients)
        rate = PACED_LOAD * many.per_second  # reports/s from all learners together
        paced = [
            run_round(
                Round(mode, count, PACED_TOTAL // count, count / rate),
                learners[:count],
                next(lessons),
                clients,
            )
            for count in (FEW_LEARNERS, LEARNERS)
        ]
        rounds += [few, many, *paced]
    return rounds


# --- (b) The learner's pages -----------------------------------------------------------


def learner_with_courses(tag: str, courses: list, done_courses: int):
    """A learner enrolled on `courses`: the first `done_courses` completed, the others
    partly done (course n: n % 6 of its lessons), each at another time."""
    from courses.progress import mark_done

    (user,) = make_learners(tag, 1)
    enrol([user], [page.course for page, _lessons in courses])
    now = time_now()
    for n, (_page, lessons) in enumerate(courses):
        done = len(lessons) if n < done_courses else n % len(lessons)
        for k, lesson in enumerate(lessons[:done]):
            mark_done(user, lesson, at=now - timedelta(days=len(courses) - n, minutes=len(lessons) - k))
    return user


def counted_get(client, url):
    """(seconds, queries, writes) of one GET that must answer 200."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        began = time.perf_counter()
        response = client.get(url)
        seconds = time.perf_counter() - began
    assert response.status_code == 200, (url, response.status_code)
    writes = sum(q["sql"].lstrip().upper().startswith(WRITES) for q in captured)
    return seconds, len(captured), writes


def bench_page(user, url: str) -> tuple[float, int, int]:
    """(median ms per request, queries per request, writes in all requests), after a warm-up."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    client.get(url)
    times, queries, writes = [], set(), 0
    for _ in range(REQUESTS):
        seconds, count, wrote = counted_get(client, url)
        times.append(seconds)
        queries.add(count)
        writes += wrote
    return statistics.median(times) * 1000, max(queries), writes


def bench_pages(seller, video) -> dict[str, tuple[float, int, int]]:
    from django.utils import translation

    courses = [
        make_course(seller, f"Kurs {n:02d}", video, MODULES, LESSONS_PER_MODULE) for n in range(MY_COURSES)
    ]
    many = learner_with_courses("thirty", courses, done_courses=2)
    few = learner_with_courses("three", courses[:FEW_COURSES], done_courses=1)
    page, lessons = courses[5]  # partly done
    with translation.override("sv"):
        my_learning = "/sv/shop/accounts/courses/"
        syllabus, player = page.get_url(), lessons[2].get_url()
    return {
        "my learning, 30 courses": bench_page(many, my_learning),
        "my learning, 3 courses": bench_page(few, my_learning),
        "syllabus": bench_page(many, syllabus),
        "player page": bench_page(many, player),
    }


# --- Figures -----------------------------------------------------------------------------


def _figure(name, value, unit, target=None, met=None):
    figure = {"name": name, "value": round(value, 3), "unit": unit, "target": target}
    if target is not None:
        figure["met"] = bool(met)
    return figure


def report_figures(rounds: list[Round]) -> list[dict]:
    figures = []
    for mode in ("report()", "HTTP"):
        few, many, paced_few, paced_many = (r for r in rounds if r.mode == mode)
        label = f"progress {mode}"
        whole = [few, many, paced_few, paced_many]
        lost = sum(r.lost for r in whole)
        errors = sum(len(r.errors) for r in whole)
        row_waits = sum(r.row_lock_samples for r in whole)
        limit = LATENCY_RATIO * paced_few.percentile(0.95)
        rate = paced_few.sent / (paced_few.interval * paced_few.reports) if paced_few.interval else 0
        figures += [
            _figure(f"{label}: 50 learners at once", many.per_second, "reports/s"),
            _figure(f"{label}: 5 learners at once", few.per_second, "reports/s"),
            _figure(f"{label}: reports lost", lost, "reports", "0", lost == 0),
            _figure(f"{label}: errors", errors, "reports", "0", errors == 0),
            _figure(f"{label}: row-lock waits sampled", row_waits, "samples", "0", row_waits == 0),
            _figure(f"{label}: p50, 5 learners, {rate:.0f} reports/s", paced_few.percentile(0.5), "ms"),
            _figure(f"{label}: p95, 5 learners, {rate:.0f} reports/s", paced_few.percentile(0.95), "ms"),
            _figure(f"{label}: p50, 50 learners, {rate:.0f} reports/s", paced_many.percentile(0.5), "ms"),
            _figure(
                f"{label}: p95, 50 learners, {rate:.0f} reports/s",
                paced_many.percentile(0.95),
                "ms",
                f"≤ {LATENCY_RATIO:g}× p95 with 5 = {limit:.0f}",
                paced_many.percentile(0.95) <= limit,
            ),
            _figure(f"{label}: p95, 50 learners as fast as they can", many.percentile(0.95), "ms"),
        ]
    return figures


def page_figures(pages: dict) -> list[dict]:
    ms_many, queries_many, _writes = pages["my learning, 30 courses"]
    ms_few, queries_few, _writes = pages["my learning, 3 courses"]
    figures = [
        _figure("my learning, 30 courses", ms_many, "ms/request"),
        _figure("my learning, 3 courses", ms_few, "ms/request"),
        _figure(
            "my learning, 30 courses, queries",
            queries_many,
            "queries",
            f"flat: = {queries_few} for 3 courses",
            queries_many == queries_few,
        ),
    ]
    for name in ("syllabus", "player page"):
        ms, queries, _writes = pages[name]
        figures += [
            _figure(f"{name}, enrolled learner", ms, "ms/request"),
            _figure(f"{name}, queries", queries, "queries"),
        ]
    writes = sum(w for _ms, _q, w in pages.values())
    figures.append(
        _figure("my learning, syllabus, player: writes on GET", writes, "writes", "0", writes == 0)
    )
    return figures


def run() -> list[dict]:
    setup_django()
    empty_database()
    seller = make_site()
    video = ready_video()
    rounds = bench_reports(seller, video)
    pages = bench_pages(seller, video)
    empty_database()
    for round_ in rounds:
        for error in round_.errors[:3]:
            print(f"{round_.mode}, {round_.learners} learners: {error}", file=sys.stderr)
    return report_figures(rounds) + page_figures(pages)


def main() -> int:
    figures = run()
    if "--json" in sys.argv:  # for bench/run.py, which keeps Django out of its own process
        import json

        print(json.dumps(figures))
        return 0
    width = max(len(f["name"]) for f in figures)
    print(f"{'what':<{width}}  {'value':>12}  {'unit':<10}  {'target':<30}  met")
    for f in figures:
        met = "" if f["target"] is None else ("yes" if f["met"] else "NO")
        print(f"{f['name']:<{width}}  {f['value']:>12,.3f}  {f['unit']:<10}  {f['target'] or '':<30}  {met}")
    return 0 if all(f.get("met", True) for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
