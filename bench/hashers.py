"""What one login's password hash costs: CPU, wall and memory per hasher, alone and 8 at once.

Usage: ``python bench/hashers.py [--runs 10]``. For PBKDF2 (Django's default, ipplan's hasher
before Argon2), Argon2id with Django's parameters (100 MiB, 2 passes, 8 lanes), at OWASP's
minimum (19 MiB, 2 passes, 1 lane) and with ipplan's (ipplan/hashers.py) it prints, from a
fresh process each:

* one hash at a time: median wall and CPU (``time.process_time``, every thread of the
  process: Argon2 runs its lanes on threads), ``--runs`` hashes;
* 8 at once, as gunicorn's 2 workers × 4 threads can run them: 2 processes × 4 threads each
  hashing once, the wall time until all 8 are done and each process's peak RSS;
* the login burst of bench/rush.py on this machine: 105 hashes over 8 concurrent slots,
  estimated from the 8-at-once wall.

No database: it hashes only. Write the load average beside the figures (it prints it).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipplan.settings")

HASHERS = {
    "pbkdf2 (Django)": "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "argon2 (Django)": "django.contrib.auth.hashers.Argon2PasswordHasher",
    "argon2 OWASP min": "bench.hashers.OwaspMinimumArgon2Hasher",
    "argon2 (ipplan)": "ipplan.hashers.Argon2idHasher",
}
CONCURRENT_PROCESSES, THREADS_EACH = 2, 4
BURST_LOGINS = 105

from django.contrib.auth.hashers import Argon2PasswordHasher  # noqa: E402


def _hasher(name: str):
    import django

    django.setup()
    from django.utils.module_loading import import_string

    return import_string(HASHERS[name])()


class OwaspMinimumArgon2Hasher(Argon2PasswordHasher):
    """OWASP Password Storage Cheat Sheet's minimum for Argon2id: m=19 MiB, t=2, p=1."""

    memory_cost = 19 * 1024
    time_cost = 2
    parallelism = 1


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one_at_a_time(name: str, runs: int) -> None:
    """Print median wall ms, median CPU ms and peak RSS MiB of ``runs`` hashes in a row."""
    hasher = _hasher(name)
    walls, cpus = [], []
    for index in range(runs):
        cpu, wall = time.process_time(), time.perf_counter()
        hasher.encode(f"password-{index}", hasher.salt())
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    print(f"{statistics.median(walls or [0]) * 1000} {statistics.median(cpus or [0]) * 1000}")
    print(_peak_mib())


def threads_at_once(name: str) -> None:
    """Once told to go (a line on stdin), hash once on each of THREADS_EACH threads; print the
    wall ms until all are done and the peak RSS MiB."""
    hasher = _hasher(name)
    threads = [
        threading.Thread(target=hasher.encode, args=(f"password-{i}", hasher.salt()))
        for i in range(THREADS_EACH)
    ]
    print("ready", flush=True)
    sys.stdin.readline()
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print((time.perf_counter() - started) * 1000)
    print(_peak_mib())


def _self(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, __file__, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )


def _numbers(process: subprocess.Popen) -> list[float]:
    return [float(x) for x in process.communicate()[0].split()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--threads", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        return one_at_a_time(args.one, args.runs)
    if args.threads:
        return threads_at_once(args.threads)

    print(f"load average {os.getloadavg()[0]:.2f} (1 min), {os.cpu_count()} cores")
    # RSS of a process that loaded Django and hashed nothing: what the figures are above.
    base_rss = _numbers(_self("--one", next(iter(HASHERS)), "--runs", "0"))[-1]
    slots = CONCURRENT_PROCESSES * THREADS_EACH
    print(
        f"{'hasher':<17} {'wall ms':>8} {'CPU ms':>7} {'+RSS MiB':>9}  |  {slots} at once: "
        f"{'wall ms':>8} {'+RSS MiB/process':>17}  |  {BURST_LOGINS} logins ≈ s"
    )
    for name in HASHERS:
        wall, cpu, rss = _numbers(_self("--one", name, "--runs", str(args.runs)))
        procs = [_self("--threads", name) for _ in range(CONCURRENT_PROCESSES)]
        for process in procs:
            process.stdout.readline()  # "ready": Django loaded
        for process in procs:
            process.stdin.write("go\n")
            process.stdin.flush()
        results = [_numbers(process) for process in procs]
        together = max(r[0] for r in results)
        peak = max(r[1] for r in results)
        burst = together / 1000 * BURST_LOGINS / slots
        print(
            f"{name:<17} {wall:>8.0f} {cpu:>7.0f} {rss - base_rss:>+9.0f}  |  {'':>11}"
            f"{together:>8.0f} {peak - base_rss:>+17.0f}  |  {burst:>12.1f}"
        )
    print(f"+RSS: above a process that loaded Django and hashed nothing ({base_rss:.0f} MiB)")
    print(f"load average {os.getloadavg()[0]:.2f} (1 min) after")


if __name__ == "__main__":
    main()
