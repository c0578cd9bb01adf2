#!/bin/sh
# The docker-compose `backup` service: run scripts/backup.sh every night at $BACKUP_AT
# (HH:MM, the container's TZ), for ever. A failed night is logged and retried the next.
set -u
BACKUP_AT="${BACKUP_AT:-02:30}"
echo "backup: nightly at $BACKUP_AT ($(date +%Z)), keeping ${BACKUP_KEEP_DAYS:-14} days in ${BACKUP_DIR:-/backups}"
while true; do
  now="$(date +%s)"
  next="$(date -d "today $BACKUP_AT" +%s)"
  if [ "$next" -le "$now" ]; then
    next="$(date -d "tomorrow $BACKUP_AT" +%s)"
  fi
  sleep "$((next - now))"
  sh "$(dirname "$0")/backup.sh" || echo "backup: FAILED at $(date)" >&2
done
