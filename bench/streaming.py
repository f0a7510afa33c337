"""Benchmark of private files: a 100 MB video through the Range view, and signed segments.

    .venv/bin/python bench/streaming.py [--json]

(a) gunicorn (production settings, one sync worker, no nginx) sends a 100 MB video by
    signed URL: as one open range `bytes=0-` (206: 64 KiB chunks read in Python) and
    whole (200: the server's file wrapper), in MB/s; the worker's peak memory (VmHWM)
    before and after, which must stay flat.
(b) authorising one signed segment request: `verify()` alone, and the whole view
    in-process with X-Accel-Redirect on (what production runs per segment), in µs (best
    of five rounds) and with no database query; then the segment view's requests per second under gunicorn
    (two workers, eight clients; wrk when installed).
(c) with nginx installed: the same 100 MB through nginx by X-Accel-Redirect, compared
    with nginx serving the file directly (PERFORMANCE.md: ≥ 0.9).

Needs no database: the signed view never queries one. Files go to var/bench/private.
`run()` returns the figures for `make bench` as [{name, value, unit, target, met}].
"""

from __future__ import annotations

import http.client
import multiprocessing
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WORK = ROOT / "var" / "bench"
PRIVATE = WORK / "private"
VIDEO_DIR = "videos/bench00000000000000000000000000000/"
SIZE = 100 * 1024 * 1024
SEGMENT_SIZE = 512 * 1024
PORT, NGINX_PORT = 8125, 8126
LOAD_SECONDS = 5
MEMORY_SLACK_MB = 5  # "flat": the worker's peak may grow by less than this over 100 MB


def environment(accel_prefix: str = "") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        REDIS_URL=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/3",
        DATABASE_URL=os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/learnshop_bench",
        PRIVATE_MEDIA_ROOT=str(PRIVATE),
        MEDIA_ROOT=str(WORK / "media"),
        STATIC_ROOT=str(WORK / "static"),
        PRIVATE_MEDIA_ACCEL_PREFIX=accel_prefix,
        LOG_LEVEL="WARNING",
    )
    return env


SECRET_KEY = secrets.token_urlsafe(50)


def setup_django() -> None:
    from django.apps import apps

    if apps.ready:
        raise RuntimeError("bench/streaming.py sets Django up with its own settings: run it on its own")
    os.environ.update(environment())
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def write_files() -> None:
    """A 100 MB video and a 512 KiB segment (incompressible, made once)."""
    video = PRIVATE / VIDEO_DIR / "video.mp4"
    segment = PRIVATE / VIDEO_DIR / "hls" / "720p" / "seg_000.ts"
    segment.parent.mkdir(parents=True, exist_ok=True)
    if not video.exists() or video.stat().st_size != SIZE:
        block = os.urandom(1024 * 1024)
        with open(video, "wb") as out:
            for _ in range(SIZE // len(block)):
                out.write(block)
    if not segment.exists() or segment.stat().st_size != SEGMENT_SIZE:
        segment.write_bytes(os.urandom(SEGMENT_SIZE))


# --- Servers -----------------------------------------------------------------------------


def start_gunicorn(workers: int, accel_prefix: str = "") -> subprocess.Popen:
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "config.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{PORT}"],
        cwd=ROOT,
        env=environment(accel_prefix),
        stdout=subprocess.DEVNULL,
        stderr=open(ROOT / "bench" / "gunicorn-streaming.log", "w"),  # noqa: SIM115 - lives as long as the server
    )
    probe = signed("hls/720p/seg_000.ts")
    for _ in range(150):
        try:
            if fetch(PORT, probe)[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    stop(server)
    raise SystemExit("gunicorn did not come up; see bench/gunicorn-streaming.log")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def worker_pid(master: int) -> int:
    for _ in range(50):
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise RuntimeError("gunicorn has no worker")


def peak_memory_mb(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM), in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


# --- Client --------------------------------------------------------------------------------


def signed(name: str) -> str:
    from home.private.signing import signed_url

    return signed_url(VIDEO_DIR, None, directory=True) + name


def fetch(port: int, path: str, headers: dict | None = None) -> tuple[int, int, dict]:
    """(status, bytes read, headers) of one GET, reading the body 1 MiB at a time."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers={"X-Forwarded-Proto": "https", **(headers or {})})
        response = connection.getresponse()
        size = 0
        while chunk := response.read(1024 * 1024):
            size += len(chunk)
        return response.status, size, dict(response.getheaders())
    finally:
        connection.close()


def throughput(port: int, path: str, headers: dict | None = None, rounds: int = 3) -> float:
    """Best MB/s of `rounds` downloads of the whole 100 MB."""
    best = 0.0
    for _ in range(rounds):
        started = time.perf_counter()
        status, size, _headers = fetch(port, path, headers)
        seconds = time.perf_counter() - started
        if status not in (200, 206) or size != SIZE:
            raise RuntimeError(f"{path} answered {status} with {size} bytes")
        best = max(best, size / 1e6 / seconds)
    return best


def _hammer(args) -> tuple[int, int]:
    path, seconds = args
    done = errors = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            status, size, _ = fetch(PORT, path)
            ok = status == 200 and size == SEGMENT_SIZE
        except OSError:
            ok = False
        done, errors = done + ok, errors + (not ok)
    return done, errors


def requests_per_second(path: str, clients: int = 8) -> tuple[float, int]:
    if shutil.which("wrk"):
        out = subprocess.run(
            ["wrk", "-t2", f"-c{clients}", f"-d{LOAD_SECONDS}s", "-H", "X-Forwarded-Proto: https",
             f"http://127.0.0.1:{PORT}{path}"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), int(
            errors.group(1)
        ) if errors else 0
    with multiprocessing.get_context("fork").Pool(clients) as pool:
        results = pool.map(_hammer, [(path, LOAD_SECONDS)] * clients)
    return sum(done for done, _ in results) / LOAD_SECONDS, sum(errors for _, errors in results)


# --- Measurements ----------------------------------------------------------------------------


def bench_range_view() -> dict:
    server = start_gunicorn(workers=1)
    try:
        worker = worker_pid(server.pid)
        path = signed("video.mp4")
        fetch(PORT, path, {"Range": "bytes=0-1048575"})  # warm: imports, the first chunk
        before = peak_memory_mb(worker)
        ranged = throughput(PORT, path, {"Range": "bytes=0-"})
        whole = throughput(PORT, path)
        after = peak_memory_mb(worker)
    finally:
        stop(server)
    return {"ranged": ranged, "whole": whole, "before": before, "after": after}


def bench_authorise() -> dict:
    """µs to verify a segment's token, and to run the whole view with X-Accel-Redirect on;
    database queries counted (there must be none)."""
    from django.db import connection
    from django.test import RequestFactory, override_settings

    from home.private.signing import verify
    from home.private.views import serve_private

    path = signed("hls/720p/seg_000.ts")
    _, _, token, name = path.split("/", 3)
    # Best of five rounds: the machine's other work only ever adds time.
    verify_us = min(timeit.repeat(lambda: verify(token, name), number=20_000, repeat=5)) / 20_000 * 1e6

    queries = []
    request = RequestFactory().get(path, headers={"X-Forwarded-Proto": "https"})
    with (
        override_settings(PRIVATE_MEDIA_ACCEL_PREFIX="/protected/"),
        connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)),
    ):
        assert serve_private(request, token, name).status_code == 200
        view = timeit.repeat(lambda: serve_private(request, token, name), number=2_000, repeat=5)
    return {"verify_us": verify_us, "view_us": min(view) / 2_000 * 1e6, "queries": len(queries)}


def bench_segments() -> dict:
    server = start_gunicorn(workers=2)
    try:
        rps, errors = requests_per_second(signed("hls/720p/seg_000.ts"))
    finally:
        stop(server)
    return {"rps": rps, "errors": errors}


NGINX_CONF = """
daemon off; worker_processes 1; user root; pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{}}
http {{
    access_log off; sendfile on; tcp_nopush on; default_type application/octet-stream;
    client_body_temp_path {work}/body; proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi; uwsgi_temp_path {work}/uwsgi; scgi_temp_path {work}/scgi;
    server {{
        listen 127.0.0.1:{port};
        location /protected/ {{
            internal; alias {private}/; max_ranges 1;
            add_header X-Content-Type-Options nosniff always;
        }}
        location /direct/ {{ alias {private}/; }}
        location /private/ {{
            proxy_pass http://127.0.0.1:{app}; proxy_set_header Host $host;
            proxy_set_header X-Forwarded-Proto https; proxy_set_header Cookie "";
        }}
    }}
}}
"""


def bench_nginx() -> dict | None:
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if nginx is None:
        return None
    work = Path(tempfile.mkdtemp(prefix="nginx-", dir=WORK))
    conf = work / "nginx.conf"
    conf.write_text(NGINX_CONF.format(work=work, port=NGINX_PORT, private=PRIVATE, app=PORT))
    server = start_gunicorn(workers=1, accel_prefix="/protected/")
    proxy = subprocess.Popen([nginx, "-c", str(conf), "-p", str(work)], stderr=subprocess.DEVNULL)
    try:
        for _ in range(50):
            try:
                fetch(NGINX_PORT, "/direct/" + VIDEO_DIR + "hls/720p/seg_000.ts")
                break
            except OSError:
                time.sleep(0.1)
        path = signed("video.mp4")
        status, _size, headers = fetch(NGINX_PORT, path, {"Range": "bytes=0-99"})
        checks = {
            "206 for a range": status == 206,
            "type kept": headers.get("Content-Type") == "video/mp4",
            "nosniff": headers.get("X-Content-Type-Options") == "nosniff",
            "private cache": headers.get("Cache-Control", "").startswith("private"),
        }
        direct = throughput(NGINX_PORT, "/direct/" + VIDEO_DIR + "video.mp4")
        accel = throughput(NGINX_PORT, path)
    finally:
        stop(proxy)
        stop(server)
        shutil.rmtree(work, ignore_errors=True)
    return {"direct": direct, "accel": accel, "checks": checks}


def _figure(name, value, unit, target=None, met=None):
    figure = {"name": name, "value": round(value, 3), "unit": unit, "target": target}
    if target is not None:
        figure["met"] = bool(met)
    return figure


def run() -> list[dict]:
    setup_django()
    write_files()
    stream = bench_range_view()
    authorise = bench_authorise()
    segments = bench_segments()
    nginx = bench_nginx()
    growth = stream["after"] - stream["before"]
    figures = [
        _figure("private file: 100 MB as a range (bytes=0-)", stream["ranged"], "MB/s"),
        _figure("private file: 100 MB whole (file wrapper)", stream["whole"], "MB/s"),
        _figure(
            "private file: worker peak memory growth over 2×3×100 MB",
            growth,
            "MB",
            f"flat: < {MEMORY_SLACK_MB} MB (peak {stream['before']:.0f} → {stream['after']:.0f} MB)",
            growth < MEMORY_SLACK_MB,
        ),
        _figure("signed segment: verify the token", authorise["verify_us"], "µs"),
        _figure(
            "signed segment: whole view, X-Accel-Redirect",
            authorise["view_us"],
            "µs",
            f"no database query ({authorise['queries']})",
            authorise["queries"] == 0,
        ),
        _figure(
            "signed segment (512 KiB) under gunicorn, 2 workers",
            segments["rps"],
            "req/s",
            f"0 errors ({segments['errors']})",
            segments["errors"] == 0,
        ),
    ]
    if nginx is None:
        figures.append({"name": "private file through nginx", "error": "nginx is not installed"})
    else:
        ratio = nginx["accel"] / nginx["direct"]
        failed = [name for name, ok in nginx["checks"].items() if not ok]
        figures.append(_figure("private file: nginx serving it directly", nginx["direct"], "MB/s"))
        figures.append(
            _figure(
                "private file: through X-Accel-Redirect / nginx direct",
                ratio,
                "ratio",
                "≥ 0.9, headers kept" + (f" (failed: {', '.join(failed)})" if failed else ""),
                ratio >= 0.9 and not failed,
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
    print(f"{'what':<{width}}  {'value':>12}  {'unit':<6}  {'target':<48}  met")
    for f in figures:
        if "error" in f:
            print(f"{f['name']:<{width}}  not measured: {f['error']}")
            continue
        met = "" if f["target"] is None else ("yes" if f["met"] else "NO")
        print(f"{f['name']:<{width}}  {f['value']:>12,.3f}  {f['unit']:<6}  {f['target'] or '':<48}  {met}")
    return 0 if all(f.get("met", True) for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
