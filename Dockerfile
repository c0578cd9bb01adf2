# Production image: gunicorn serving Django with whitenoise; the same image runs the
# Celery worker and beat (see docker-compose.yml).
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
# Debian's Chromium prints the PDFs (季度督查报告, 通报: tasks/exports/pdf.py) and
# fonts-noto-cjk gives it the Chinese glyphs; without them a PDF is a 503 page.
RUN apt-get update \
    && apt-get install -y --no-install-recommends chromium fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Exact versions, every file checked against its hash (requirements.in → `make lock`).
COPY requirements.txt .
RUN pip install --no-cache-dir --require-hashes -r requirements.txt
COPY . .
# collectstatic imports the production settings, which refuse to start half-configured:
# placeholders here, the real values come from the environment (docker-compose.yml, .env).
RUN DEBUG=false SECRET_KEY=collectstatic-only ALLOWED_HOSTS=build.invalid \
    IPPLAN_BASE_URL=https://build.invalid EMAIL_HOST=build.invalid \
    DEFAULT_FROM_EMAIL=build@build.invalid \
    python manage.py collectstatic --noinput
# A home directory: Chromium keeps its crash reports and caches under $HOME.
RUN useradd --system --create-home --uid 1000 ipplan && mkdir -p /app/media && chown ipplan /app/media
USER ipplan
EXPOSE 8000
# gunicorn.conf.py: WEB_CONCURRENCY workers (default 2) of GUNICORN_THREADS threads (default
# 4, gthread), access log on stdout; the same file bench/api.py and bench/rush.py measure under.
CMD ["gunicorn", "--config", "gunicorn.conf.py", "ipplan.wsgi"]
