"""gunicorn for the web container (Dockerfile, docker-compose.yml); bench/api.py measures the
API's throughput under this same file, so production runs what is measured.

Sync workers, two by default (``WEB_CONCURRENCY``; about one per core). The API is CPU-bound
Python: measured with bench/api.py on two cores, sync workers served the status summary at
about 450 requests/s, gthread workers (1, 2 or 4 threads) at 280-350 with 10-30 % more CPU
per request and long latency tails, since threads only take turns holding the GIL. Sync
workers close each connection after its response (no keep-alive): the reverse proxy in
front (it terminates TLS, see docker-compose.yml) keeps the client connections and buffers
slow clients, which a sync worker must not wait for.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# GUNICORN_WORKER_CLASS=gthread and GUNICORN_THREADS only to measure the alternative
# (bench/rush.py, docs/benchmarks.md); production runs the default.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = 30
accesslog = "-"
