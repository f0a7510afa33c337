#!/usr/bin/env python
"""`make bench`: serve the project as in production and measure its pages.

PostgreSQL holds the data, gunicorn serves the production settings (DEBUG off,
whitenoise for static files) plus a bare Wagtail page type, the measured "plain
Wagtail" (config/settings/bench.py, bench/reference), and wrk drives it from a second
process on loopback. Each page is compared with a static file served by the same
stack, the ceiling any dynamic page is measured against (../shared/PERFORMANCE.md),
and with the plain Wagtail page. Database queries and writes per request are counted
in-process for the same URLs; a page that misses its target is profiled in-process.

Prints a table and writes bench/results.json. Later work adds pages to PAGES and
seeders to seeders(); `--courses` is the catalogue size they seed.
"""

import argparse
import json
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORIGINAL_ENVIRONMENT = dict(os.environ)
BIN = Path(sys.executable).parent
REFERENCE_STATIC_SIZE = 20 * 1024
CONSENT_COOKIE = "cookie_consent"  # gdpr/cookies.py


@dataclass
class Target:
    """What PERFORMANCE.md asks of a page: a share of the static ceiling, a query budget,
    or as many queries as another page of the run (flat in a person's history)."""

    min_ratio: float | None = None
    max_queries: int | None = None
    queries_as: str | None = None

    def describe(self) -> str:
        parts = ["no writes"]
        if self.min_ratio is not None:
            parts.append(f"≥ {self.min_ratio} of static")
        if self.max_queries is not None:
            parts.append(f"≤ {self.max_queries} queries")
        if self.queries_as is not None:
            parts.append(f"queries as for {self.queries_as}")
        return ", ".join(parts)

    def met(self, figures: dict, results: dict) -> bool:
        return (
            figures["writes"] == 0
            and figures["errors"] == 0
            and (self.min_ratio is None or figures["ratio_to_static"] >= self.min_ratio)
            and (self.max_queries is None or figures["queries"] <= self.max_queries)
            and (self.queries_as is None or figures["queries"] == results[self.queries_as]["queries"])
        )


CACHED = 0.5  # anonymous pages from the page cache (home/page_cache.py)
PLAIN_WAGTAIL = 0.063  # PERFORMANCE.md; the bare page below is measured beside it
CATALOGUE = "/sv/kurser/"
CATALOGUE_FILTERED = "/sv/kurser/?subject=dataskydd&sort=price&page=5"
COURSE = "/sv/kurser/cloocast-akademi/gdpr-f%C3%B6r-alla-medarbetare/"
REFERENCE = "/sv/referens/"  # bench/reference: plain Wagtail

# (name, path, target), for a visitor without cookies: the page cache serves them after
# the first request. The static file is found at run time.
PAGES = [
    ("home page", "/sv/", Target(min_ratio=CACHED)),  # a first visit: the cookie banner asks
    ("policy page", "/sv/personuppgiftspolicy/", Target(min_ratio=CACHED)),
    ("catalogue", CATALOGUE, Target(min_ratio=CACHED)),
    ("catalogue, filtered p.5", CATALOGUE_FILTERED, Target(min_ratio=CACHED)),
    ("course page", COURSE, Target(min_ratio=CACHED)),
    # Search (courses/search.py), never from the page cache: a subject's word, found in a
    # quarter of the benchmark courses, and an English inflection.
    ("search, Swedish", "/sv/search/?q=arbetsmilj%C3%B6", Target(min_ratio=0.03)),
    ("search, English", "/en/search/?q=meetings", Target(min_ratio=0.03)),
]

# Rendered for every request: a visitor whose session cookie (unknown to the server, so
# one query to look it up) keeps the page cache out of the way.
RENDERED_COOKIE = "sessionid=bench-renders-every-request"
RENDERED_PAGES = [
    ("plain Wagtail page", REFERENCE, Target()),
    ("home page, rendered", "/sv/", Target()),
    ("catalogue, rendered", CATALOGUE, Target(min_ratio=PLAIN_WAGTAIL, max_queries=11)),
    ("catalogue p.5, rendered", CATALOGUE_FILTERED, Target(min_ratio=PLAIN_WAGTAIL, max_queries=11)),
    ("course page, rendered", COURSE, Target(min_ratio=PLAIN_WAGTAIL)),
]

# The demo learner's pages, signed in (seed_demo enrols them).
LEARNER = "learner@example.com"


# The privacy centre's summary for two people, each page loaded with their session
# (bench/privacy_centre.py makes them).
PRIVACY_CENTRE = "/sv/shop/accounts/privacy/"
PRIVACY_PAGES = {
    "privacy centre, 1,000 orders": ("1,000 orders", Target(queries_as="privacy centre, 1 order")),
    "privacy centre, 1 order": ("1 order", Target()),
}


def seeders(args) -> list[list[str]]:
    return [["seed_demo"], ["seed_catalogue", "--courses", str(args.courses)]]


def seed_reference_page(env) -> None:
    """The bare Wagtail page, under the Swedish home page (made once)."""
    code = (
        "from wagtail.models import Site; from bench.reference.models import ReferencePage; "
        "home = Site.objects.get(is_default_site=True).root_page; "
        "exists = ReferencePage.objects.filter(slug='referens').exists(); "
        "page = None if exists else home.add_child(instance=ReferencePage(title='Referens', slug='referens', "
        "body='<p>' + 'En sida med en rubrik och en text, och inget annat. ' * 20 + '</p>')); "
        "page and page.save_revision().publish(); print('ok')"
    )
    shell_output(env, code)


def learner_pages(env) -> list[tuple[str, str, Target, str]]:
    """My learning, a syllabus and a player page, for the demo learner signed in."""
    code = (
        "import json; from django.conf import settings; from django.contrib.auth import get_user_model; "
        "from django.test import Client; from django.utils import translation; "
        "from courses.learning import my_learning; "
        f"user = get_user_model().objects.get(email='{LEARNER}'); "
        "client = Client(); client.force_login(user); translation.activate('sv'); "
        "state = next(s for s in my_learning(user)[0] if s.lessons); "
        "print(json.dumps([client.cookies[settings.SESSION_COOKIE_NAME].value, state.page.url, "
        "state.lessons[0].lesson.url], separators=(',', ':')))"
    )
    session, syllabus, player = json.loads(shell_output(env, code))
    cookie = f"sessionid={session}"
    return [
        ("my learning", "/sv/shop/accounts/courses/", Target(min_ratio=PLAIN_WAGTAIL), cookie),
        ("syllabus", syllabus, Target(min_ratio=PLAIN_WAGTAIL), cookie),
        ("player page", player, Target(min_ratio=PLAIN_WAGTAIL), cookie),
    ]


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/learnshop_bench")
    parser.add_argument(
        "--redis-url", default="redis://127.0.0.1:6379/3", help="cache and broker (production requires one)"
    )
    parser.add_argument("--courses", type=int, default=1000, help="benchmark courses in the catalogue")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--port", type=int, default=8123)
    parser.add_argument(
        "--only",
        choices=["privacy-centre", "search", "pages"],
        help="measure only this (and the static ceiling); bench/results.json is left as it is",
    )
    return parser.parse_args()


def bench_environment(args) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.bench",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=args.database_url,
        REDIS_URL=args.redis_url,
        STATIC_ROOT=str(ROOT / "var" / "bench" / "static"),
        MEDIA_ROOT=str(ROOT / "var" / "bench" / "media"),
        EMAIL_URL="dummymail://",
        LOG_LEVEL="WARNING",
    )
    return env


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def manage(env, *args) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def shell_output(env, code: str) -> str:
    """The last word `manage.py shell -c code` prints."""
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.split()[-1]


def verification_page(env) -> tuple[str, str, Target]:
    """The verification page of the demo learner's certificate (its code is random, so it
    is looked up once the demo is seeded)."""
    lookup = (
        "from certificates.models import Certificate; "
        "print(Certificate.objects.filter(revoked_at__isnull=True).order_by('pk').values_list('code', flat=True)[0])"
    )
    return (
        "certificate verification",
        f"/sv/certificates/verify/{shell_output(env, lookup)}/",
        Target(CACHED),
    )


def consent_pages(env) -> list[tuple[str, str, Target, str]]:
    """The home page for a visitor who accepted every cookie: the banner is gone, and the
    consent check must cost no query (the cookie carries the choice)."""
    make_cookie = (
        "import uuid; from gdpr import cookies; d = cookies.declarations('sv'); "
        "print(cookies.encode(cookies.Consent(uuid.uuid4().hex, d.keys, True, d.version)))"
    )
    cookie = f"{CONSENT_COOKIE}={shell_output(env, make_cookie)}"
    return [("home page, cookies accepted", "/sv/", Target(queries_as="home page"), cookie)]


def privacy_centre_pages(env) -> list[tuple[str, str, Target, str]]:
    """The privacy centre's summary, as each of bench/privacy_centre.py's people sees it."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "privacy_centre.py"), "--seed"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    cookies = json.loads(done.stdout.strip().splitlines()[-1])
    return [(name, PRIVACY_CENTRE, target, cookies[who]) for name, (who, target) in PRIVACY_PAGES.items()]


def reference_static_file(static_root: Path) -> str:
    """The collected file nearest 20 KB: the ceiling PERFORMANCE.md compares with."""
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    name = min(
        (n for n in manifest.values() if n.endswith((".css", ".js"))),
        key=lambda n: abs((static_root / n).stat().st_size - REFERENCE_STATIC_SIZE),
    )
    return "/static/" + name


def start_server(env, args) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "config/gunicorn.py", "config.wsgi"]
        + ["-w", str(args.workers), "-b", f"127.0.0.1:{args.port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(ROOT / "bench" / "gunicorn.log", "w"),  # noqa: SIM115 - lives as long as the server
    )
    for _ in range(100):
        try:
            if fetch_status(f"http://127.0.0.1:{args.port}/healthz") == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not come up; see bench/gunicorn.log")


def fetch_status(url: str, cookie: str = "") -> int:
    headers = {"X-Forwarded-Proto": "https"} | ({"Cookie": cookie} if cookie else {})
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - loopback only
            return response.status
    except urllib.error.HTTPError as error:  # the caller names the page that failed
        return error.code


def load(url: str, args, cookie: str = "") -> dict:
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{args.connections}",
            f"-d{args.duration}s",
            "-s",
            str(ROOT / "bench" / "report.lua"),
            *(["-H", f"Cookie: {cookie}"] if cookie else []),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    fields = dict(re.findall(r"(\w+)=(\d+)", out.split("BENCH", 1)[1]))
    seconds = int(fields["duration_us"]) / 1e6
    return {
        "requests": int(fields["requests"]),
        "errors": int(fields["errors"]),
        "rps": round(int(fields["requests"]) / seconds, 1),
        "p50_ms": round(int(fields["p50_us"]) / 1000, 2),
        "p95_ms": round(int(fields["p95_us"]) / 1000, 2),
    }


def as_wrk_does(path: str, cookie: str):
    """A GET of `path` in-process that sends `cookie` every time, whatever the answer set
    (as wrk does): the session middleware deletes an unknown session's cookie."""
    from django.test import Client

    client = Client(headers={"X-Forwarded-Proto": "https"}, HTTP_HOST="127.0.0.1")

    def get():
        client.cookies.clear()
        if cookie:
            name, value = cookie.split("=", 1)
            client.cookies[name] = value
        return client.get(path)

    return get


def count_queries(env, paths: list[tuple[str, str]]) -> list[dict]:
    """Queries and writes per request for each (path, cookie), after one warm-up request."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for path, cookie in paths:
        get = as_wrk_does(path, cookie)
        get()
        with CaptureQueriesContext(connection) as queries:
            get()
        writes = [q for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
        counts.append({"queries": len(queries), "writes": len(writes)})
    return counts


def main() -> None:
    args = parse_args()
    env = bench_environment(args)
    ensure_database(args.database_url)
    manage(env, "migrate", "--noinput", "-v0")
    for seeder in seeders(args):
        manage(env, *seeder)
    manage(env, "collectstatic", "--noinput", "-v0")
    seed_reference_page(env)

    static = reference_static_file(Path(env["STATIC_ROOT"]))
    verification = verification_page(env)
    pages = [
        ("static file (ceiling)", static, Target(), ""),
        *((name, path, target, "") for name, path, target in [*PAGES, verification]),
        *consent_pages(env),
        *((name, path, target, RENDERED_COOKIE) for name, path, target in RENDERED_PAGES),
        *learner_pages(env),
        *(privacy_centre_pages(env) if args.only in (None, "privacy-centre") else []),
    ]
    if args.only == "privacy-centre":
        pages = [page for page in pages if page[0] == "static file (ceiling)" or page[1] == PRIVACY_CENTRE]
    if args.only == "search":
        pages = [page for page in pages if page[0] == "static file (ceiling)" or "/search/" in page[1]]
    if args.only == "pages":
        pages = [page for page in pages if page[1] != PRIVACY_CENTRE]
    base = f"http://127.0.0.1:{args.port}"
    server = start_server(env, args)
    try:
        results = {}
        for name, path, _target, cookie in pages:
            status = fetch_status(base + path, cookie)
            if status != 200:
                raise SystemExit(f"{name} {path} answered {status}, not 200")
            results[name] = {"path": path, **load(base + path, args, cookie)}
        flows = shop_flows(env, args) if not args.only else None
    finally:
        server.terminate()
        server.wait(timeout=10)

    counts = count_queries(env, [(path, cookie) for _name, path, _target, cookie in pages])
    for figures, count in zip(results.values(), counts, strict=True):
        figures.update(count)
    ceiling = results["static file (ceiling)"]["rps"]
    plain = results.get("plain Wagtail page", {}).get("rps")
    for (_name, path, target, cookie), figures in zip(pages, results.values(), strict=True):
        figures["ratio_to_static"] = round(figures["rps"] / ceiling, 4)
        figures["ratio_to_plain_wagtail"] = round(figures["rps"] / plain, 2) if plain else None
        figures["target"] = target.describe()
        figures["meets_target"] = target.met(figures, results)
        if not figures["meets_target"]:
            figures["where_the_time_goes"] = profile(path, cookie)
    deletion = script_figures("privacy_centre.py", env) if args.only != "search" else []
    if args.only:
        print_table(results, written=False)
        print_other(deletion)
        return

    report = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "setup": {
            "database": "PostgreSQL",
            "cache": "Redis" if args.redis_url else "local memory",
            "server": f"gunicorn, {args.workers} sync workers, production settings",
            "load": f"wrk -t2 -c{args.connections} -d{args.duration}s on loopback",
            "courses": args.courses,
        },
        "pages": results,
    }
    report["shop"] = flows
    report["other"] = other_figures() + deletion
    (ROOT / "bench" / "results.json").write_text(json.dumps(report, indent=2) + "\n")
    print_table(results)
    print_shop(flows)
    print_other(report["other"])


# Where a profile's time is counted: the first of these a function's file path holds.
AREAS = [
    ("psycopg", "database driver"),
    ("django/db/", "ORM"),
    ("django/template", "templates"),
    ("wagtail/", "Wagtail"),
    ("oscar/", "Oscar"),
    ("redis", "cache"),
    ("django/", "Django"),
    ("/.venv/", "other libraries"),
    (str(ROOT), "our code"),
]


def profile(path: str, cookie: str, requests: int = 30) -> str:
    """In-process (Django's test client, after a warm-up): the milliseconds a request takes,
    and its share by area of the code that spent it."""
    import cProfile
    import pstats

    get = as_wrk_does(path, cookie)
    get()
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(requests):
        get()
    profiler.disable()
    per_request = (time.perf_counter() - started) * 1000 / requests
    spent: dict[str, float] = {}
    for (filename, _line, _function), (_cc, _nc, own, _cum, _callers) in pstats.Stats(profiler).stats.items():
        area = next((label for marker, label in AREAS if marker in filename), "Python itself")
        spent[area] = spent.get(area, 0.0) + own
    total = sum(spent.values()) or 1
    shown = sorted(((share / total, area) for area, share in spent.items()), reverse=True)
    shares = ", ".join(f"{area} {share:.0%}" for share, area in shown if share >= 0.03)
    return f"{per_request:.1f} ms a request in-process, profiled: {shares}"


def setup_django(env) -> None:
    os.environ.update(env)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def shop_flows(env, args) -> dict:
    """Add to basket → order placed over HTTP: one buyer at a time, then eight at once."""
    setup_django(env)
    from bench import shop
    from courses.models import CoursePage

    page = CoursePage.objects.live().filter(locale__language_code="sv", course__product__isnull=False).first()
    product_id, path = page.course.product_id, page.url
    shop.run_buyers(args.port, product_id, path, buyers=1, orders_each=2, tag=f"warm{int(time.time())}")
    tag = str(int(time.time()))
    sequential = shop.run_buyers(args.port, product_id, path, buyers=1, orders_each=20, tag=f"one{tag}")
    concurrent = shop.run_buyers(args.port, product_id, path, buyers=8, orders_each=5, tag=f"eight{tag}")
    numbers = shop.check_numbers()
    sequential["target"] = "whole flow ≤ 250 ms (p50), 0 errors"
    sequential["meets_target"] = sequential["errors"] == 0 and (sequential["p50_ms"] or 1e9) <= 250
    concurrent["target"] = "0 errors, 0 duplicate orders or invoice numbers"
    concurrent["meets_target"] = (
        concurrent["errors"] == 0
        and numbers["duplicate_order_numbers"] == 0
        and numbers["invoice_numbers_gap_free"]
        and numbers["orders_without_invoice"] == 0
    )
    return {"1 buyer": sequential, "8 buyers at once": concurrent, "numbers": numbers}


def other_figures() -> list[dict]:
    """The invoice PDF, the privacy engine, company seats, private-file streaming, learning
    and signed credentials, each measured in a process of its own (each sets Django up its
    own way; the privacy and seat benches each empty a database of their own)."""
    figures = []
    env = {
        k: v for k, v in ORIGINAL_ENVIRONMENT.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    }
    for script in (
        "invoice_pdf.py",
        "privacy.py",
        "seats.py",
        "streaming.py",
        "learning.py",
        "credentials.py",
        "certificate_pdf.py",
    ):
        figures.extend(script_figures(script, env))
    return figures


def script_figures(script: str, env: dict) -> list[dict]:
    """A bench script's figures (its --json output), or the error it ended with."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    try:
        return json.loads(done.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return [{"name": script, "error": (done.stderr or done.stdout).strip()[-500:]}]


def print_shop(flows: dict) -> None:
    print()
    print(f"{'shop flow':<24}{'orders':>8}{'errors':>8}{'orders/s':>10}{'p50 ms':>9}{'p95 ms':>9}  target")
    for name in ("1 buyer", "8 buyers at once"):
        r = flows[name]
        verdict = "ok" if r["meets_target"] else "MISSED"
        print(
            f"{name:<24}{r['orders']:>8}{r['errors']:>8}{r['orders_per_s']:>10}{r['p50_ms']!s:>9}{r['p95_ms']!s:>9}"
            f"  {r['target']}: {verdict}"
        )
        for error in r["first_errors"]:
            print(f"    error: {error}")
    print(f"after the runs: {flows['numbers']}")


def print_other(figures: list[dict]) -> None:
    print()
    for figure in figures:
        if "error" in figure:
            print(f"{figure['name']}: not measured ({figure['error']})")
            continue
        if figure.get("target") is None:
            print(f"{figure['name']:<48}{figure['value']:>10} {figure['unit']}")
            continue
        verdict = "ok" if figure.get("met") else "MISSED"
        print(
            f"{figure['name']:<48}{figure['value']:>10} {figure['unit']:<10} target {figure['target']}: {verdict}"
        )


def print_table(results: dict, written: bool = True) -> None:
    header = (
        f"{'page':<32}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}{'writes':>8}{'ratio':>8}"
        f"{'×plain':>8}  target"
    )
    print(header)
    print("-" * len(header))
    for name, r in results.items():
        verdict = "ok" if r["meets_target"] else "MISSED"
        print(
            f"{name:<32}{r['rps']:>9}{r['p50_ms']:>9}{r['p95_ms']:>9}{r['queries']:>9}{r['writes']:>8}"
            f"{r['ratio_to_static']:>8}{r['ratio_to_plain_wagtail'] or '':>8}  {r['target']}: {verdict}"
        )
        if "where_the_time_goes" in r:
            print(f"    where the time goes: {r['where_the_time_goes']}")
    print("ratio: to the static file; ×plain: to the plain Wagtail page of the same run")
    if written:
        print("Written to bench/results.json")


if __name__ == "__main__":
    main()
