#!/bin/sh
# One backup of ipplan: the database (pg_dump, custom format) and the media folder (every
# report attachment and export), into $BACKUP_DIR/<UTC time>/; then backups older than
# $BACKUP_KEEP_DAYS days are deleted. A backup folder appears only once complete (it is
# written as <name>.partial and renamed). docs/operations.md explains the whole procedure.
#
#   DATABASE_URL=postgres://ipplan:…@db:5432/ipplan MEDIA_ROOT=/media BACKUP_DIR=/backups \
#     sh scripts/backup.sh
set -eu
: "${DATABASE_URL:?DATABASE_URL is not set}"
: "${MEDIA_ROOT:?MEDIA_ROOT is not set}"
BACKUP_DIR="${BACKUP_DIR:-/backups}"
BACKUP_KEEP_DAYS="${BACKUP_KEEP_DAYS:-14}"

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
target="$BACKUP_DIR/$stamp"
partial="$target.partial"
mkdir -p "$partial"
pg_dump --format=custom --no-owner --no-privileges --file="$partial/ipplan.dump" "$DATABASE_URL"
mkdir -p "$MEDIA_ROOT"
tar -C "$MEDIA_ROOT" -czf "$partial/media.tar.gz" .
mv "$partial" "$target"
echo "backup: $target ($(du -sh "$target" | cut -f1))"

# Keep N days: complete backups older than that, and partial ones a failed run left behind.
find "$BACKUP_DIR" -mindepth 1 -maxdepth 1 -type d -name '20*Z' -mtime "+$BACKUP_KEEP_DAYS" \
  -print -exec rm -rf {} +
find "$BACKUP_DIR" -mindepth 1 -maxdepth 1 -type d -name '*.partial' ! -name "$stamp.partial" \
  -mmin +1440 -exec rm -rf {} +
