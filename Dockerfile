# Production image: gunicorn serving Django with whitenoise; the same image runs the
# Celery worker and beat (see docker-compose.yml).
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir --require-hashes -r requirements.txt
COPY . .
# collectstatic needs a key to import settings; the real one comes from the environment.
RUN DEBUG=false SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput
RUN useradd --system --uid 1000 ipplan && mkdir -p /app/media && chown ipplan /app/media
USER ipplan
EXPOSE 8000
# Sync workers, WEB_CONCURRENCY of them (default 2), access log on stdout: gunicorn.conf.py,
# the same file bench/api.py measures under.
CMD ["gunicorn", "--config", "gunicorn.conf.py", "ipplan.wsgi"]
