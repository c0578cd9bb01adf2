"""The quarter-end rush: 100 reporters filing at once while the office watches and accepts.

Usage: ``python bench/rush.py [--reuse] [--reporters 100] [--office 5] [--seconds 120]``
with DATABASE_URL pointing at PostgreSQL and REDIS_URL at Redis (the figures in
docs/benchmarks.md). It

1. generates the province-scale synthetic dataset with its 40 quarters of reports (unless
   ``--reuse``), then resets the open quarter's reports of the rush agencies to empty drafts
   and creates the rush's people (reporters spread over the synthetic agencies, their reports
   split between them so that no two reporters share one; office supervisors);
2. starts gunicorn exactly as docker-compose runs it (gunicorn.conf.py, production settings,
   ``WEB_CONCURRENCY`` workers) on 127.0.0.1, with Redis as cache and broker;
3. runs the rush over loopback for ``--seconds``: every reporter, with a 1 s think time between
   requests, opens 待填报, opens a report, autosaves it twice and submits it, then the next;
   every office user loads the overview, the matrix and the review queue and accepts a
   report the reporters submitted;
4. prints requests/s, p50/p95/p99 per endpoint, errors, the gunicorn workers' CPU per request,
   the load average before and after, and checks in the database that every submission the
   clients saw succeed is there exactly once (one delivered version, one submit event) and
   that nothing a client did not submit was delivered.

Bounded: loopback only, a fixed number of virtual users, a fixed duration.
"""

from __future__ import annotations

import argparse
import collections
import html.parser
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipplan.settings")
# Never the db.sqlite3 that `make run` serves: benchmarks fill their own database.
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'bench.sqlite3'}")

import django  # noqa: E402

django.setup()

import requests  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

PASSWORD = "rush-bench-pw"
THINK_SECONDS = 1.0


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


# --- server ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gunicorn_start(port: int) -> subprocess.Popen:
    env = {
        **os.environ,
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
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
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


def worker_cpu_seconds(server: subprocess.Popen) -> float:
    """User + system CPU of gunicorn's master and workers, from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    pids = [server.pid]
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


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


@dataclass
class Stats:
    timings: dict[str, list[float]] = field(default_factory=lambda: collections.defaultdict(list))
    errors: collections.Counter = field(default_factory=collections.Counter)
    error_samples: list[str] = field(default_factory=list)
    submitted: set[int] = field(default_factory=set)
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

    def request(self, name: str, method: str, path: str, *, expect=(200,), headers=None, **kw):
        started = time.perf_counter()
        headers = {"Referer": self.referer + path.lstrip("/"), **(headers or {})}
        try:
            response = self.http.request(
                method, self.base + path, allow_redirects=False, timeout=60, headers=headers, **kw
            )
        except requests.RequestException as error:
            self.stats.record(name, time.perf_counter() - started, False, repr(error))
            return None
        self._insecure_cookies()
        ok = response.status_code in expect
        self.stats.record(name, time.perf_counter() - started, ok, str(response.status_code))
        return response if ok else None

    def think(self) -> bool:
        time.sleep(THINK_SECONDS * random.uniform(0.8, 1.2))
        return time.monotonic() < self.stop_at

    def login(self) -> bool:
        page = self.request("login page", "GET", "/login/")
        if page is None:
            return False
        reader = FormReader()
        reader.feed(page.text)
        done = self.request(
            "login",
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

    def run(self) -> None:
        if not self.login():
            return
        while self.report_ids and self.think():
            pk = self.report_ids.pop(0)
            if self.request("待填报", "GET", "/reports/") is None or not self.think():
                continue
            page = self.request("report page", "GET", f"/reports/{pk}/")
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
                    "autosave",
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
                "submit",
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

    def run(self) -> None:
        if not self.login():
            return
        while self.think():
            plan = random.choice(self.plan_ids)
            for name, path in (
                ("overview", f"/dashboard/?plan={plan}"),
                ("matrix", f"/dashboard/matrix/?plan={plan}"),
                ("review queue", "/reports/review/"),
            ):
                page = self.request(name, "GET", path)
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
                "accept",
                "POST",
                f"/reports/{pk}/accept/",
                expect=(302,),
                data={"csrfmiddlewaretoken": reader.csrf, "text": ""},
            )


# --- report ---------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", action="store_true", help="the synthetic data is there")
    parser.add_argument("--reporters", type=int, default=100)
    parser.add_argument("--office", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--scale", type=float, default=1.0, help="synthetic data, 1.0 = province")
    args = parser.parse_args()

    if not args.reuse:
        from agencies.models import User

        call_command("migrate", verbosity=0)
        # The rush's people belong to synthetic agencies, which the generator replaces.
        User.objects.filter(username__startswith="rush-").delete()
        call_command("generate_synthetic", reports=True, scale=args.scale)
    people, reset = rush_data(args.reporters, args.office)
    from tasks.models import Plan
    from tasks.synthetic import SLUG_PREFIX

    plan_ids = list(Plan.objects.filter(slug__startswith=SLUG_PREFIX).values_list("id", flat=True))
    connection.close()

    port = free_port()
    server = gunicorn_start(port)
    base = f"http://127.0.0.1:{port}"
    stats = Stats()
    load_before = os.getloadavg()
    cpu_before = worker_cpu_seconds(server)
    started = time.monotonic()
    stop_at = started + args.seconds
    users: list[VirtualUser] = []
    for name, ids in people.items():
        if name.startswith("rush-r"):
            users.append(Reporter(base, name, stats, stop_at, report_ids=ids))
        else:
            users.append(OfficeUser(base, name, stats, stop_at, plan_ids=plan_ids))
    threads = [threading.Thread(target=user.run, daemon=True) for user in users]
    for thread in threads:
        thread.start()
        time.sleep(0.02)  # arrivals spread over two seconds, as people do
    for thread in threads:
        thread.join(timeout=args.seconds + 120)
    elapsed = time.monotonic() - started
    cpu_spent = worker_cpu_seconds(server) - cpu_before
    load_after = os.getloadavg()
    server.terminate()
    server.wait(timeout=30)

    total = sum(len(v) for v in stats.timings.values())
    print(
        f"rush: {args.reporters} reporters + {args.office} office users, {elapsed:.0f} s, "
        f"gunicorn {os.environ.get('WEB_CONCURRENCY', '2')} workers on {os.cpu_count()} cores"
    )
    print(f"load average before {load_before[0]:.2f} / after {load_after[0]:.2f} (1 min)")
    cpu_ms = 1000 * cpu_spent / max(total, 1)
    print(f"{total} requests, {total / elapsed:.1f} req/s, server CPU {cpu_ms:.1f} ms/request")
    print(f"{'endpoint':<14} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for name, values in sorted(stats.timings.items()):
        print(
            f"{name:<14} {len(values):>6} {1000 * statistics.median(values):>8.0f} "
            f"{1000 * percentile(values, 0.95):>8.0f} {1000 * percentile(values, 0.99):>8.0f} "
            f"{stats.errors[name]:>7}"
        )
    for sample in stats.error_samples:
        print("  error:", sample)
    lost, duplicated, unexpected = submissions_check(stats.submitted, reset)
    print(
        f"submissions: {len(stats.submitted)} seen by clients; lost {lost}, duplicated "
        f"{duplicated}, delivered without a client's submit {unexpected}"
    )
    if shutil.which("uptime"):
        print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    failed = sum(stats.errors.values()) + lost + duplicated + unexpected
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
