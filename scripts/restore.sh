#!/bin/sh
# Restore a backup made by scripts/backup.sh: the database, then the media files.
# Stop the web, worker and beat containers first (docs/operations.md):
#
#   sh scripts/restore.sh /backups/20261130T183000Z
#
# The database is restored in one transaction (--single-transaction --exit-on-error): it
# is either the backup's, whole, or left as it was. Objects the dump holds are dropped and
# recreated (--clean --if-exists), so restoring over a damaged database works as well as
# restoring into an empty one. Media files are extracted over MEDIA_ROOT.
set -eu
: "${DATABASE_URL:?DATABASE_URL is not set}"
: "${MEDIA_ROOT:?MEDIA_ROOT is not set}"
source="${1:?usage: restore.sh BACKUP_FOLDER (e.g. /backups/20261130T183000Z)}"
for part in ipplan.dump media.tar.gz; do
  if [ ! -s "$source/$part" ]; then
    echo "restore: $source/$part is missing or empty: not a complete backup" >&2
    exit 1
  fi
done
pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction \
  --exit-on-error --dbname="$DATABASE_URL" "$source/ipplan.dump"
mkdir -p "$MEDIA_ROOT"
tar -C "$MEDIA_ROOT" -xzf "$source/media.tar.gz"
echo "restore: database and media restored from $source"
