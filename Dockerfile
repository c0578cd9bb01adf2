# Production image: gunicorn serving Django with whitenoise; the same image runs the
# Celery worker and beat (see docker-compose.yml).
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# collectstatic needs a key to import settings; the real one comes from the environment.
RUN DEBUG=false SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput
RUN useradd --system --uid 1000 ipplan && mkdir -p /app/media && chown ipplan /app/media
USER ipplan
EXPOSE 8000
CMD ["gunicorn", "ipplan.wsgi", "--bind", "0.0.0.0:8000", "--workers", "2", "--access-logfile", "-"]
