"""Public pages under gunicorn and load, against a trivial view of the same server.

Prepares a demo database (migrate, ``load_seminar_archive``, ``load_sample_content``,
``rebuild_archive_index``: a throwaway SQLite file, or, when ``DATABASE_URL`` names a
PostgreSQL database, a database ``<name>_pages`` on its server, created and dropped),
collects the static files, and serves the site with gunicorn (2 workers,
``cms.settings.production``, ``DEBUG`` off) on loopback. wrk then drives each URL with a
fixed number of connections for a fixed time, and the script prints throughput (req/s)
and p95 latency (ms, from wrk's Lua ``done`` hook) for the home page, an edition, a
report, a search and the API, next to the baseline measured by the same server in the
same run, and their ratio.

The baseline is ``/robots.txt``: a TemplateView that reads no database and renders a
four-line template, through every middleware of the site (the access gate included), so
that the ratio measures what the page itself costs, not the server, the WSGI stack or
wrk.

Three passes:

- **uncached**: a server started with ``PAGE_CACHE_ENABLED=false`` (the full-page cache
  off), so every request is a render: what a page costs to build. Its ratio is printed
  against the 3x line for information; the goals are the two passes below.
- **cold**: a server with the site's cache settings; before each URL the page cache is
  cleared (``manage.py clear_page_cache``), as a restore or a purge of everything leaves
  it. One request's time right after the clearing is printed (``first ms``: the render
  that refills it), the cache is cleared again, and wrk measures from there: the first
  requests of the run render, the others are served by what they stored.
- **warm**: the same server; each URL is requested once before it is measured, so that
  anonymous requests are answered from the page cache.

The baseline goes through the page cache like every URL (``/robots.txt`` is a page it
stores), so each pass compares like with like.

Goals, as the project states them, printed next to the results: warm anonymous pages
answer at least half the baseline's throughput (ratio >= 0.5); cold (cache cleared) they
are at most 3x slower than the baseline (baseline req/s / page req/s <= 3).

    python bench/pages.py                      # SQLite demo database, 5 s per URL
    BENCH_DURATION=10 BENCH_CONNECTIONS=8 python bench/pages.py
    DATABASE_URL=postgres://root@127.0.0.1:5432/bench python bench/pages.py  # bench_pages

Needs ``wrk`` (Debian's package; ``make bench`` installs it). Exits non-zero when a
server does not start, a URL does not answer 200, or wrk fails.
"""

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DURATION = int(os.environ.get("BENCH_DURATION", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
THREADS = min(2, CONNECTIONS)
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
STARTUP_TIMEOUT = 60
BASELINE = "/robots.txt"
WARM_GOAL = 0.5  # warm page throughput / baseline throughput, at least
COLD_GOAL = 3.0  # baseline throughput / cold page throughput, at most

# Printed by wrk at the end of a run: latencies are in microseconds.
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("bench requests=%d duration_us=%d p50_us=%d p95_us=%d ",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95)))
  io.write(string.format("connect=%d read=%d write=%d status=%d timeout=%d\\n",
    errors.connect, errors.read, errors.write, errors.status, errors.timeout))
end
"""
RESULT = re.compile(r"^bench (.*)$", re.MULTILINE)


def fail(message):
    sys.exit(f"bench/pages.py: {message}")


def environment(workdir):
    """The variables of the servers and of the preparing commands: production settings."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DEBUG="false",
        # Loopback speaks plain HTTP: no redirect to HTTPS.
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
        # Production's page cache without Redis: files shared by the workers (this run's).
        PAGE_CACHE_DIR=str(workdir / "page-cache"),
    )
    env["DATABASE_URL"] = database_url(workdir)
    env.pop("PAGE_CACHE_ENABLED", None)
    return env


def database_url(workdir):
    """A throwaway SQLite file, or a fresh database ``<name>_pages`` on DATABASE_URL's server."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{workdir / 'bench.sqlite3'}"
    import psycopg

    base, name = url.rsplit("/", 1)
    name = f"{name}_pages"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


def drop_database(url):
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        base, name = url.rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')


def manage(env, *arguments):
    completed = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *arguments],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        fail(f"manage.py {' '.join(arguments)} failed:\n{completed.stderr}")
    return completed.stdout


def prepare(env):
    for command in (
        ("migrate", "--noinput"),
        ("collectstatic", "--noinput", "--verbosity", "0"),
        ("load_seminar_archive",),
        ("load_sample_content",),
        ("rebuild_archive_index",),
    ):
        manage(env, *command)


def clear_cache(env):
    manage(env, "clear_page_cache")


# The URLs: found in the demo database by the site's own models, so that the benchmark
# follows their paths.
FIND_URLS = """
from outputs.models import WorkingGroupReportPage
from seminar_pages.models import EditionPage
report = WorkingGroupReportPage.objects.live().public().filter(
    locale__language_code="en").order_by("path").first()
print(EditionPage.objects.ancestor_of(report).get().get_url())
print(report.get_url())
"""


def urls(env):
    edition, report = manage(env, "shell", "--no-imports", "-c", FIND_URLS).split()
    return {
        "home": "/en/",
        "edition": edition,
        "report": report,
        "search": "/en/search/?q=rights",
        "api": "/api/v1/recommendations/?q=rights&lang=en",
    }


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url):
    """Status of a GET (0 when nothing answers)."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


class Server:
    """gunicorn serving the site; started and checked on entry, stopped on exit."""

    def __init__(self, env, log):
        self.env, self.log = env, log
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "cms.wsgi:application",
                f"--bind=127.0.0.1:{self.port}",
                f"--workers={WORKERS}",
                "--log-level=warning",
            ],
            env=self.env,
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while get(self.base + BASELINE) != 200:
            if self.process.poll() is not None:
                fail(f"gunicorn exited with {self.process.returncode}:\n{self.output()}")
            if time.monotonic() > deadline:
                self.__exit__(None, None, None)
                fail(f"gunicorn did not answer {BASELINE} in {STARTUP_TIMEOUT} s:\n{self.output()}")
            time.sleep(0.2)
        return self

    def output(self):
        self.log.flush()
        return Path(self.log.name).read_text()[-3000:]

    def __exit__(self, *_exc):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)  # the arbiter stops its workers
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def load(url, script):
    """(req/s, p95 ms) of ``url`` under wrk; fails on any error or non-2xx answer."""
    completed = subprocess.run(
        [
            "wrk",
            f"--threads={THREADS}",
            f"--connections={CONNECTIONS}",
            f"--duration={DURATION}s",
            "--timeout=30s",
            f"--script={script}",
            url,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    match = RESULT.search(completed.stdout)
    if completed.returncode != 0 or not match:
        fail(f"wrk failed on {url}:\n{completed.stdout}{completed.stderr}")
    values = {key: int(value) for key, value in re.findall(r"(\w+)=(\d+)", match.group(1))}
    errors = {key: values[key] for key in ("connect", "read", "write", "status", "timeout")}
    if any(errors.values()) or not values["requests"]:
        fail(f"wrk saw errors on {url}: {errors}, {values['requests']} requests")
    return values["requests"] / (values["duration_us"] / 1e6), values["p95_us"] / 1000


def measure(server, targets, script, clear=None):
    """{name: (req/s, p95 ms, first ms or None)}; with ``clear``, the page cache is cleared
    before each URL's first request is timed and again before the load: no warming."""
    results = {}
    for name, path in {"baseline": BASELINE, **targets}.items():
        if clear:
            clear()
        started = time.perf_counter()
        status = get(server.base + path)  # warms the page cache where there is one
        first = (time.perf_counter() - started) * 1000
        if status != 200:
            fail(f"{path} answered {status}")
        if clear:
            clear()
        results[name] = (*load(server.base + path, script), first if clear else None)
    return results


def report(label, results, goal):
    base_rate, base_p95, base_first = results["baseline"]
    print(f"{label}: {CONNECTIONS} connections, {DURATION} s per URL, {WORKERS} workers")
    print(
        f"  {'URL':<9} {'req/s':>8} {'p95 ms':>8} {'first ms':>9} {'× base':>8} {'p95 ×':>7}  goal"
    )

    def first(value):
        return f"{value:>9.1f}" if value is not None else f"{'':>9}"

    print(
        f"  {'baseline':<9} {base_rate:>8.0f} {base_p95:>8.1f} {first(base_first)} "
        f"{'1.00':>8} {'1.0':>7}  {BASELINE}"
    )
    met = True
    for name, (rate, p95, first_ms) in results.items():
        if name == "baseline":
            continue
        ratio = rate / base_rate
        ok, text = goal(ratio)
        met &= ok
        print(
            f"  {name:<9} {rate:>8.0f} {p95:>8.1f} {first(first_ms)} {ratio:>8.2f} "
            f"{p95 / base_p95:>7.1f}  {'met' if ok else 'NOT met'} ({text})"
        )
    return met


def warm_goal(ratio):
    return ratio >= WARM_GOAL, f"throughput >= {WARM_GOAL:.2f} × baseline"


def cold_goal(ratio):
    return (
        1 / ratio <= COLD_GOAL,
        f"at most {COLD_GOAL:.0f}× slower than baseline: {1 / ratio:.1f}×",
    )


def main():
    if shutil.which("wrk") is None:
        fail("wrk is not installed (apt-get install wrk, or make bench)")
    workdir = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    env = {}
    try:
        env = environment(workdir)
        started = time.perf_counter()
        prepare(env)
        targets = urls(env)
        print(f"demo database ready in {time.perf_counter() - started:.0f} s")
        for name, path in targets.items():
            print(f"  {name:<9} {path}")
        script = workdir / "done.lua"
        script.write_text(WRK_SCRIPT)
        goals = []
        with (workdir / "gunicorn.log").open("w") as log:
            with Server({**env, "PAGE_CACHE_ENABLED": "false"}, log) as server:
                renders = report(
                    "uncached (PAGE_CACHE_ENABLED=false: every request renders; no goal)",
                    measure(server, targets, script),
                    cold_goal,
                )
            with Server(env, log) as server:
                goals.append(
                    report(
                        "cold (page cache cleared before each URL, not warmed)",
                        measure(server, targets, script, clear=lambda: clear_cache(env)),
                        cold_goal,
                    )
                )
                goals.append(report("warm", measure(server, targets, script), warm_goal))
        print("goals (cold, warm) " + ("met" if all(goals) else "not all met"))
        print(
            "uncached renders "
            + ("are" if renders else "are NOT")
            + f" within {COLD_GOAL:.0f}× of the baseline"
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        drop_database(env.get("DATABASE_URL", ""))


if __name__ == "__main__":
    main()
