"""The quarter-end rush: 100 reporters filing at once while the office watches and accepts.

Usage: ``python bench/rush.py [--reuse] [--scenario burst|warm|both] [--reporters 100]
[--office 5] [--seconds 120] [--server-log PREFIX]`` with DATABASE_URL pointing at PostgreSQL
and REDIS_URL at Redis (the figures in docs/benchmarks.md). It

1. migrates DATABASE_URL's database and generates the province-scale synthetic dataset with
   its 40 quarters of reports into it (unless ``--reuse``: it is there);
2. for each scenario, copies that database (``<name>_rushrun``; PostgreSQL's ``CREATE
   DATABASE … TEMPLATE``, or the SQLite file) and works on the copy only, which it drops at
   the end: the rush never changes the named database, so every run — and both scenarios of
   a run — start from the same data. In the copy it resets the open quarter's reports of the
   rush agencies to empty drafts and creates the rush's people (reporters spread over the
   synthetic agencies, their reports split between them so that no two reporters share one;
   office supervisors), and replaces the cached status summaries of those periods;
3. starts gunicorn exactly as docker-compose runs it (gunicorn.conf.py, production settings,
   ``WEB_CONCURRENCY`` workers) on 127.0.0.1, with Redis as cache and broker;
4. runs the rush over loopback for ``--seconds`` (the measured window, the same for both
   scenarios): every reporter, with a 1 s think time between requests, opens 待填报, opens a
   report, autosaves it twice and submits it, then the next; every office user loads the
   overview, the matrix and the review queue and accepts a report the reporters submitted.
   The people arrive over the window's first two seconds (20 ms apart), and
   * ``burst``: each logs in first, inside the window — everyone at once, as when a deadline
     reminder goes out;
   * ``warm``: each logged in before the window (a warm-up, 8 logins at a time, not
     measured), as on a working day when people keep their session;
5. prints, per scenario, requests/s, p50/p95/p99 per endpoint as the clients saw them and
   p50/p95 of the time in a gunicorn worker (its access log; the difference is the wait for a
   worker thread), errors, the CPU per request of the gunicorn workers and of the benchmark's
   own clients (on the same cores), the load average before and after, requests resent after
   the server closed a kept-alive connection (as browsers do), and checks in the database that every
   submission the clients saw succeed is there exactly once (one delivered version, one
   submit event) and that nothing a client did not submit was delivered.

Bounded: loopback only, a fixed number of virtual users, a fixed duration. Exits 1 if any
scenario had an error or a lost or duplicated submission.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import contextlib
import functools
import html.parser
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.client import RemoteDisconnected
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipplan.settings")
# Never the db.sqlite3 that `make run` serves: benchmarks fill their own database.
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'bench.sqlite3'}")

import django  # noqa: E402

django.setup()

import requests  # noqa: E402
import urllib3  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

PASSWORD = "rush-bench-pw"
THINK_SECONDS = 1.0
ARRIVAL_SECONDS = 0.02  # between two people's first requests: 105 arrive within two seconds
WARM_UP_LOGINS_AT_ONCE = 8  # gunicorn's 2 workers x 4 threads
# What each request is, by method and path: the clients' timings and the server's access log
# (gunicorn.conf.py writes each request's time in the worker) are both grouped by it.
ENDPOINTS = [
    ("login page", "GET", r"/login/"),
    ("login", "POST", r"/login/"),
    ("待填报", "GET", r"/reports/"),
    ("report page", "GET", r"/reports/\d+/"),
    ("autosave", "POST", r"/reports/\d+/autosave/"),
    ("submit", "POST", r"/reports/\d+/"),
    ("overview", "GET", r"/dashboard/"),
    ("matrix", "GET", r"/dashboard/matrix/"),
    ("review queue", "GET", r"/reports/review/"),
    ("accept", "POST", r"/reports/\d+/accept/"),
]
ACCESS_LINE = re.compile(r'"(GET|POST) ([^ ?"]*)[^"]*" (\d{3}) .* (\d+)$')
SCENARIOS = {
    "burst": "everyone logs in within the window's first two seconds",
    "warm": "everyone logged in before the window (sessions kept, as on a working day)",
}


# --- data ---------------------------------------------------------------------------------


def reports_reset(reports) -> None:
    """Make the reports empty drafts again: no versions, no events (the benchmark's data)."""
    from tasks.models import ProgressReport, ReportEvent, ReportVersion

    ReportVersion.objects.filter(report__in=reports).delete()
    ReportEvent.objects.filter(report__in=reports).delete()
    reports.update(
        state=ProgressReport.State.DRAFT,
        version=0,
        progress_text="",
        problems="",
        next_steps="",
        first_submitted_at=None,
        submitted_at=None,
        late_days=0,
    )


def rush_data(reporters: int, office: int) -> tuple[dict[str, list[int]], set[int]]:
    """Empty drafts for the rush agencies and the rush's people.

    Returns ({username: report ids to file}, ids of every report reset to an empty draft).
    """
    from django.contrib.auth.hashers import make_password

    from agencies.models import Agency, Membership, User
    from tasks.models import ProgressReport, ReportingPeriod
    from tasks.synthetic import SLUG_PREFIX

    open_periods = ReportingPeriod.objects.filter(
        plan__slug__startswith=SLUG_PREFIX, status=ReportingPeriod.Status.OPEN
    )
    agencies = list(
        Agency.objects.filter(reports__period__in=open_periods).distinct().order_by("id")
    )
    reports = ProgressReport.objects.filter(period__in=open_periods, agency__in=agencies)
    reports_reset(reports)
    summaries_replace(open_periods)
    User.objects.filter(username__startswith="rush-").delete()
    # Nobody in the rush agencies signs off, so 报送 goes straight to the office.
    Membership.objects.filter(agency__in=agencies, role=Membership.Role.APPROVER).delete()

    hashed = make_password(PASSWORD)
    people: dict[str, list[int]] = {}
    by_agency: dict[int, list[str]] = collections.defaultdict(list)
    for index in range(reporters):
        agency = agencies[index % len(agencies)]
        name = f"rush-r{index:03d}"
        user = User.objects.create(username=name, password=hashed)
        Membership.objects.create(user=user, agency=agency, role=Membership.Role.REPORTER)
        by_agency[agency.pk].append(name)
    for agency_id, names in by_agency.items():
        ids = list(
            reports.filter(agency_id=agency_id, role__in=["lead"]).order_by("id")[:60]
        ) or list(reports.filter(agency_id=agency_id).order_by("id")[:60])
        for offset, name in enumerate(names):
            people[name] = [r.pk for r in ids[offset :: len(names)]]
    supervisor_agency = Agency.objects.order_by("id").first()
    for index in range(office):
        name = f"rush-o{index}"
        user = User.objects.create(username=name, password=hashed, is_staff=True)
        Membership.objects.create(
            user=user, agency=supervisor_agency, role=Membership.Role.SUPERVISOR
        )
        people[name] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE tasks_progressreport")
    return people, set(reports.values_list("pk", flat=True))


def submissions_check(claimed: set[int], reset: set[int]) -> tuple[int, int, int]:
    """(lost, duplicated, unexpected) submissions, read from the database."""
    from tasks.models import ProgressReport, ReportEvent, ReportVersion

    State = ProgressReport.State
    delivered = {State.SUBMITTED, State.ACCEPTED}
    rows = ProgressReport.objects.filter(pk__in=claimed).values_list("pk", "state")
    lost = sum(1 for _, state in rows if state not in delivered)
    lost += len(claimed) - len(rows)
    submits = collections.Counter(
        ReportEvent.objects.filter(report_id__in=claimed, action="submitted").values_list(
            "report_id", flat=True
        )
    )
    per_report = collections.Counter(
        ReportVersion.objects.filter(report_id__in=claimed).values_list("report_id", flat=True)
    )
    duplicated = sum(1 for pk in claimed if submits[pk] > 1 or per_report[pk] > 1)
    unexpected = ProgressReport.objects.filter(pk__in=reset - claimed, state__in=delivered).count()
    return lost, duplicated, unexpected


def summaries_replace(periods) -> None:
    """The reset bypasses the services: drop the periods' cached status summaries as they
    would (tasks/selectors/summary.py)."""
    from tasks.selectors.summary import summary_version_replace

    for period in periods:
        summary_version_replace(period)


# --- the copy the rush works on ---------------------------------------------------------------


def database_copy(url: str) -> str:
    """A fresh copy of the database at ``url`` (``<name>_rushrun``); returns the copy's URL."""
    connection.close()  # PostgreSQL copies only a database nobody is connected to
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        source = Path(parts.path[1:] if parts.path.startswith("//") else parts.path)
        copy = source.with_name(source.stem + "_rushrun" + source.suffix)
        shutil.copyfile(source, copy)
        return urlunsplit(parts._replace(path=str(copy)))
    name = parts.path.lstrip("/")
    copy = f"{name}_rushrun"
    with _server_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
        try:
            cursor.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{name}" STRATEGY FILE_COPY')
        except Exception as error:  # e.g. another session is connected to the source
            raise SystemExit(f"could not copy {name}: {error}") from error
    return urlunsplit(parts._replace(path="/" + copy))


def database_drop(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        Path(parts.path[1:] if parts.path.startswith("//") else parts.path).unlink()
        return
    with _server_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


@contextlib.contextmanager
def _server_cursor():
    """A cursor on the server's ``postgres`` database, outside any transaction."""
    import psycopg2

    db = connection.settings_dict
    conn = psycopg2.connect(
        dbname="postgres",
        user=db["USER"],
        password=db["PASSWORD"],
        host=db["HOST"],
        port=db["PORT"] or None,
    )
    conn.autocommit = True
    try:
        yield conn.cursor()
    finally:
        conn.close()


def database_use(url: str) -> None:
    """Point this process's connection at the database at ``url``."""
    import dj_database_url

    connection.close()
    connection.settings_dict["NAME"] = dj_database_url.parse(url)["NAME"]


# --- server ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gunicorn_start(port: int, database_url: str, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": "rush-bench-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "IPPLAN_BASE_URL": f"https://127.0.0.1:{port}",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "EMAIL_HOST": os.environ.get("EMAIL_HOST", "localhost"),
        "DEFAULT_FROM_EMAIL": os.environ.get("DEFAULT_FROM_EMAIL", "ipplan@localhost"),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "ipplan.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.get(
                f"http://127.0.0.1:{port}/healthz",
                headers={"X-Forwarded-Proto": "https"},
                timeout=10,
            )
            return server
        except (requests.ConnectionError, requests.Timeout):  # still booting (a busy machine)
            time.sleep(0.3)
    server.kill()
    raise SystemExit("gunicorn did not start in 60 s")


def process_cpu_seconds(pid: int) -> float | None:
    """User + system CPU of a process so far, from /proc (None once it has ended)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def worker_cpu_seconds(server: subprocess.Popen) -> float:
    """CPU of gunicorn's master and workers."""
    pids = [server.pid]
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    return sum(process_cpu_seconds(pid) or 0.0 for pid in pids)


class DatabaseCpu:
    """CPU of the PostgreSQL backends serving the copy during the window (the server runs on
    this machine): their pids from pg_stat_activity, their CPU from /proc, every half second;
    a backend that ends in the window loses at most its last half second."""

    def __init__(self, url: str):
        self.dbname = urlsplit(url).path.lstrip("/")
        self.enabled = not urlsplit(url).scheme.startswith("sqlite")
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)

    def _backends(self, cursor) -> dict[int, float]:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [self.dbname])
        found = {pid: process_cpu_seconds(pid) for (pid,) in cursor.fetchall()}
        return {pid: cpu for pid, cpu in found.items() if cpu is not None}

    def _sample(self) -> None:
        with _server_cursor() as cursor:
            self.first = self._backends(cursor)
            while not self.stopping.wait(0.5):
                for pid, cpu in self._backends(cursor).items():
                    self.first.setdefault(pid, 0.0)  # started in the window
                    self.last[pid] = cpu

    def start(self) -> None:
        if self.enabled:
            self.thread.start()

    def stop(self) -> float | None:
        """CPU seconds the copy's backends spent since ``start``."""
        if not self.enabled:
            return None
        self.stopping.set()
        self.thread.join()
        return sum(cpu - self.first.get(pid, 0.0) for pid, cpu in self.last.items())


# --- virtual users --------------------------------------------------------------------------


class FormReader(html.parser.HTMLParser):
    """The fields of the report form (id="report-form") and the page's CSRF token."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self.selects: dict[str, str] = {}
        self.csrf = ""
        self._in_form = False
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") == "csrfmiddlewaretoken":
            self.csrf = a.get("value", "")
        if tag == "form" and a.get("id") == "report-form":
            self._in_form = True
        if not self._in_form:
            return
        if tag == "input" and a.get("name") and a.get("type") not in ("file", "submit"):
            self.fields[a["name"]] = a.get("value") or ""
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self.fields[a["name"]] = ""
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
        elif tag == "option" and self._select:
            value = a.get("value") or ""
            if value and self._select not in self.selects:
                self.selects[self._select] = value

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form" and self._in_form:
            self._in_form = False


def endpoint_of(method: str, path: str) -> str:
    for name, endpoint_method, pattern in ENDPOINTS:
        if method == endpoint_method and re.fullmatch(pattern, path):
            return name
    return f"{method} {path}"


def server_times(log: Path, offset: int) -> dict[str, list[float]]:
    """Seconds each request spent in a gunicorn worker, per endpoint, from the access log's
    lines after ``offset`` (the last field of gunicorn.conf.py's format: milliseconds)."""
    times: dict[str, list[float]] = collections.defaultdict(list)
    with log.open(encoding="utf-8", errors="replace") as lines:
        lines.seek(offset)
        for line in lines:
            found = ACCESS_LINE.search(line.strip())
            if found:
                method, path, _, ms = found.groups()
                times[endpoint_of(method, path)].append(int(ms) / 1000)
    return times


def stale_connection(error: requests.ConnectionError) -> bool:
    """Whether the request failed on a connection the server had closed or reset, before any
    answer (urllib3's "Connection aborted."), rather than failing to connect or time out."""
    cause = error.args[0] if error.args else None
    return (
        isinstance(cause, urllib3.exceptions.ProtocolError)
        and len(cause.args) > 1
        and isinstance(cause.args[1], (ConnectionResetError, BrokenPipeError, RemoteDisconnected))
    )


@dataclass
class Stats:
    timings: dict[str, list[float]] = field(default_factory=lambda: collections.defaultdict(list))
    errors: collections.Counter = field(default_factory=collections.Counter)
    error_samples: list[str] = field(default_factory=list)
    submitted: set[int] = field(default_factory=set)
    resent: collections.Counter = field(default_factory=collections.Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, name: str, seconds: float, ok: bool, detail: str = "") -> None:
        with self.lock:
            self.timings[name].append(seconds)
            if not ok:
                self.errors[name] += 1
                if len(self.error_samples) < 10:
                    self.error_samples.append(f"{name}: {detail}")


class VirtualUser:
    def __init__(self, base: str, username: str, stats: Stats, stop_at: float):
        self.base, self.username, self.stats, self.stop_at = base, username, stats, stop_at
        self.http = requests.Session()
        origin = base.replace("http://", "https://")
        self.http.headers.update({"X-Forwarded-Proto": "https", "Origin": origin})
        self.referer = origin + "/"

    def _insecure_cookies(self) -> None:
        # Production cookies are Secure; the proxy would speak HTTPS to the browser.
        for cookie in self.http.cookies:
            cookie.secure = False

    def request(self, method: str, path: str, *, expect=(200,), headers=None, **kw):
        name = endpoint_of(method, path.split("?")[0])
        started = time.perf_counter()
        headers = {"Referer": self.referer + path.lstrip("/"), **(headers or {})}
        send = functools.partial(
            self.http.request,
            method,
            self.base + path,
            allow_redirects=False,
            timeout=60,
            headers=headers,
            **kw,
        )
        try:
            try:
                response = send()
            except requests.ConnectionError as error:
                if not stale_connection(error):
                    raise
                # The server closed this kept-alive connection (gunicorn's keepalive, 2 s)
                # just as the request went out on it, so it never read the request: a browser
                # sends it again on a new connection, and so does this client. Counted.
                with self.stats.lock:
                    self.stats.resent[name] += 1
                response = send()
        except requests.RequestException as error:
            self.stats.record(name, time.perf_counter() - started, False, repr(error))
            return None
        self._insecure_cookies()
        ok = response.status_code in expect
        self.stats.record(name, time.perf_counter() - started, ok, str(response.status_code))
        return response if ok else None

    def run(self, *, log_in: bool) -> None:
        if log_in and not self.login():
            return
        self.work()

    def work(self) -> None:
        raise NotImplementedError

    def think(self) -> bool:
        time.sleep(THINK_SECONDS * random.uniform(0.8, 1.2))
        return time.monotonic() < self.stop_at

    def login(self) -> bool:
        page = self.request("GET", "/login/")
        if page is None:
            return False
        reader = FormReader()
        reader.feed(page.text)
        done = self.request(
            "POST",
            "/login/",
            expect=(302,),
            data={
                "csrfmiddlewaretoken": reader.csrf,
                "username": self.username,
                "password": PASSWORD,
            },
        )
        return done is not None


class Reporter(VirtualUser):
    def __init__(self, *args, report_ids: list[int]):
        super().__init__(*args)
        self.report_ids = list(report_ids)

    def work(self) -> None:
        while self.report_ids and self.think():
            pk = self.report_ids.pop(0)
            if self.request("GET", "/reports/") is None or not self.think():
                continue
            page = self.request("GET", f"/reports/{pk}/")
            if page is None:
                continue
            reader = FormReader()
            reader.feed(page.text)
            data = {**reader.fields, **reader.selects, "csrfmiddlewaretoken": reader.csrf}
            data.update(completion_percent="60", problems="无", next_steps="继续推进")
            failed = False
            for round_number in (1, 2):
                if not self.think():
                    return
                data["progress_text"] = f"本季度完成第{round_number}阶段工作。" * 20
                saved = self.request(
                    "POST",
                    f"/reports/{pk}/autosave/",
                    data=data,
                    headers={"X-Requested-With": "fetch"},
                )
                if saved is None:
                    failed = True
                    break
                data["expected_version"] = str(saved.json()["version"])
            if failed or not self.think():
                continue
            done = self.request(
                "POST",
                f"/reports/{pk}/",
                expect=(302,),
                data={**data, "action": "submit"},
            )
            if done is not None:
                # Submit re-renders nothing; the redirect plus the state read afterwards
                # tells whether it went through (a refusal redirects too, with a message).
                with self.stats.lock:
                    self.stats.submitted.add(pk)


class OfficeUser(VirtualUser):
    def __init__(self, *args, plan_ids: list[int]):
        super().__init__(*args)
        self.plan_ids = plan_ids

    def work(self) -> None:
        while self.think():
            plan = random.choice(self.plan_ids)
            for path in (
                f"/dashboard/?plan={plan}",
                f"/dashboard/matrix/?plan={plan}",
                "/reports/review/",
            ):
                page = self.request("GET", path)
                if not self.think():
                    return
            if page is None:
                continue
            with self.stats.lock:
                candidates = list(self.stats.submitted)
            if not candidates:
                continue
            reader = FormReader()
            reader.feed(page.text)
            pk = random.choice(candidates)
            self.request(
                "POST",
                f"/reports/{pk}/accept/",
                expect=(302,),
                data={"csrfmiddlewaretoken": reader.csrf, "text": ""},
            )


# --- report ---------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timings_print(
    stats: Stats,
    elapsed: float,
    cpu: tuple[float, float, float | None] | None = None,
    server: dict[str, list[float]] | None = None,
) -> None:
    """Per endpoint: requests, req/s, the clients' p50/p95/p99 and errors; with ``server``
    (seconds in a gunicorn worker, from its access log) its p50/p95 beside them: the gap is
    waiting for a worker thread. ``cpu``: CPU seconds of the gunicorn workers, of this
    process (the clients) and of the PostgreSQL backends serving them (None: not measured)."""
    total = sum(len(v) for v in stats.timings.values())
    line = f"{total} requests, {total / elapsed:.1f} req/s"
    if cpu is not None:
        workers, clients, database = cpu
        shares = [("gunicorn workers", workers), ("PostgreSQL", database), ("clients", clients)]
        parts = ", ".join(
            f"{name} {1000 * seconds / max(total, 1):.1f} ms"
            for name, seconds in shares
            if seconds is not None
        )
        cores = 1000 * (os.cpu_count() or 1) * elapsed / max(total, 1)
        line += f"; CPU per request: {parts}; the machine's cores had {cores:.1f} ms"
    print(line)
    head = f"{'endpoint':<14} {'n':>6} {'req/s':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
    if server is not None:
        head += f" {'in worker p50':>13} {'p95':>6}"
    print(head + f" {'errors':>7}")
    for name, values in sorted(stats.timings.items()):
        row = (
            f"{name:<14} {len(values):>6} {len(values) / elapsed:>6.1f} "
            f"{1000 * statistics.median(values):>8.0f} {1000 * percentile(values, 0.95):>8.0f} "
            f"{1000 * percentile(values, 0.99):>8.0f}"
        )
        if server is not None:
            inside = server.get(name) or [float("nan")]
            p50, p95 = statistics.median(inside), percentile(inside, 0.95)
            row += f" {1000 * p50:>13.0f} {1000 * p95:>6.0f}"
        print(row + f" {stats.errors[name]:>7}")
    for sample in stats.error_samples:
        print("  error:", sample)
    if stats.resent:
        resent = ", ".join(f"{name} {count}" for name, count in sorted(stats.resent.items()))
        print(f"  resent on a new connection after the server closed a kept-alive one: {resent}")


def warm_up(users: list[VirtualUser]) -> bool:
    """Log everyone in before the window, a few at a time; False if anyone could not."""
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(WARM_UP_LOGINS_AT_ONCE) as pool:
        logged_in = list(pool.map(lambda user: user.login(), users))
    elapsed = time.monotonic() - started
    print(f"warm-up (not measured): {sum(logged_in)} of {len(users)} logged in, {elapsed:.1f} s")
    timings_print(users[0].stats, elapsed)
    return all(logged_in)


def scenario_run(scenario: str, url: str, args: argparse.Namespace) -> int:
    """One scenario on a fresh copy of the database at ``url``; returns the number of
    failures (errors, lost, duplicated or unexpected submissions)."""
    copy = database_copy(url)
    try:
        database_use(copy)
        people, reset = rush_data(args.reporters, args.office)
        from tasks.models import Plan
        from tasks.synthetic import SLUG_PREFIX

        plan_ids = list(
            Plan.objects.filter(slug__startswith=SLUG_PREFIX).values_list("id", flat=True)
        )
        connection.close()
        port = free_port()
        if args.server_log:
            log = Path(f"{args.server_log}-{scenario}.log")
            log.write_text("")
        else:
            log = Path(tempfile.mkstemp(prefix="rush-gunicorn-", suffix=".log")[1])
        server = gunicorn_start(port, copy, log)
        try:
            failed, claimed = _window(scenario, server, port, log, copy, people, plan_ids, args)
        finally:
            server.terminate()
            server.wait(timeout=30)
            if not args.server_log:
                log.unlink()
        lost, duplicated, unexpected = submissions_check(claimed, reset)
        print(
            f"submissions: {len(claimed)} seen by clients; lost {lost}, duplicated "
            f"{duplicated}, delivered without a client's submit {unexpected} (in the database)"
        )
        connection.close()
        return failed + lost + duplicated + unexpected
    finally:
        database_use(url)
        database_drop(copy)


def _window(scenario, server, port, log, copy, people, plan_ids, args) -> tuple[int, set[int]]:
    base = f"http://127.0.0.1:{port}"
    warm_up_stats = Stats()
    users: list[VirtualUser] = []
    for name, ids in people.items():
        if name.startswith("rush-r"):
            users.append(Reporter(base, name, warm_up_stats, 0.0, report_ids=ids))
        else:
            users.append(OfficeUser(base, name, warm_up_stats, 0.0, plan_ids=plan_ids))
    print(f"\n== {scenario}: {SCENARIOS[scenario]} ==")
    failed = 0
    if scenario == "warm" and not warm_up(users):
        failed += 1
    stats = Stats()
    load_before = os.getloadavg()
    cpu_before = worker_cpu_seconds(server), time.process_time()
    database_cpu = DatabaseCpu(copy)
    database_cpu.start()
    log_offset = log.stat().st_size
    started = time.monotonic()
    for user in users:
        user.stats, user.stop_at = stats, started + args.seconds
    log_in = scenario == "burst"
    threads = [
        threading.Thread(target=user.run, kwargs={"log_in": log_in}, daemon=True) for user in users
    ]
    for thread in threads:
        thread.start()
        time.sleep(ARRIVAL_SECONDS)
    for thread in threads:
        thread.join(timeout=args.seconds + 120)
    elapsed = time.monotonic() - started
    cpu_spent = (
        worker_cpu_seconds(server) - cpu_before[0],
        time.process_time() - cpu_before[1],
        database_cpu.stop(),
    )
    load_after = os.getloadavg()
    workers = os.environ.get("WEB_CONCURRENCY", "2")
    print(
        f"{args.reporters} reporters + {args.office} office users, window {args.seconds} s "
        f"(last request ended at {elapsed:.0f} s), gunicorn {workers} workers on "
        f"{os.cpu_count()} cores"
    )
    print(f"load average before {load_before[0]:.2f} / after {load_after[0]:.2f} (1 min)")
    timings_print(stats, elapsed, cpu_spent, server_times(log, log_offset))
    return failed + sum(stats.errors.values()), set(stats.submitted)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", action="store_true", help="the synthetic data is there")
    parser.add_argument("--scenario", choices=[*SCENARIOS, "both"], default="both")
    parser.add_argument("--reporters", type=int, default=100)
    parser.add_argument("--office", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=120, help="the measured window")
    parser.add_argument("--scale", type=float, default=1.0, help="synthetic data, 1.0 = province")
    parser.add_argument(
        "--server-log",
        help="keep gunicorn's log of each scenario in PREFIX-<scenario>.log",
        metavar="PREFIX",
    )
    args = parser.parse_args()

    # Reused data too: its schema must be the code's (the copies inherit it).
    call_command("migrate", verbosity=0)
    if not args.reuse:
        from agencies.models import User

        # The rush's people belong to synthetic agencies, which the generator replaces.
        User.objects.filter(username__startswith="rush-").delete()
        call_command("generate_synthetic", reports=True, scale=args.scale)
    url = os.environ["DATABASE_URL"]
    scenarios = list(SCENARIOS) if args.scenario == "both" else [args.scenario]
    failed = sum(scenario_run(scenario, url, args) for scenario in scenarios)
    if shutil.which("uptime"):
        print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
