"""gunicorn for the web container (Dockerfile, docker-compose.yml); bench/api.py and
bench/rush.py measure under this same file, so production runs what is measured.

Two workers by default (``WEB_CONCURRENCY``; about one per core), each with four threads
(gthread). Measured on the 2-core VM on 2026-11-30 (docs/benchmarks.md), side by side at the
same load: the quarter-end rush (bench/rush.py: 105 people, pages that wait on PostgreSQL
and Redis) served more requests at a lower median with threads, and the status summary
under wrk 59-61 requests/s with gthread against 30-52 with sync workers, at equal or lower
CPU per request: while one thread waits on the database another runs, where a sync worker
sits idle; and a sync worker must not be kept waiting by a slow client, which the threads
absorb. (On a quiet machine on 2026-11-22, with the code of then, sync workers served the
summary faster, 480 against 280-350 requests/s; the rush was not measured then.) Set
``GUNICORN_WORKER_CLASS=sync GUNICORN_THREADS=1`` to run sync workers, e.g. to measure
them again.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = 30
accesslog = "-"
# gunicorn's default line plus the milliseconds the request took in the worker, last: slow
# requests show in the log, and bench/rush.py reads it to tell time in the worker from time
# spent waiting for one.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)s'
