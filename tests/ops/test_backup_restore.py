"""Backups that restore (issue 15): scripts/backup.sh dumps a seeded PostgreSQL database
(pg_dump, custom format) and the media folder; scripts/restore.sh loads them into a fresh
database and media folder. Every table's row count matches, and a sample of reports — texts,
states, versions and attachment files byte for byte — is identical.

Needs PostgreSQL (DATABASE_URL), as in CI; skipped otherwise, failed under
IPPLAN_REQUIRE_SERVICES=1. Runs the very scripts the docker-compose `backup` and `restore`
services run.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from agencies.models import User
from tasks.models import ProgressReport, ReportAttachment, ReportVersion
from tasks.services.reporting import ReportInput, attachment_add, report_save, report_submit
from tests.helpers import shared_database_url

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.services]
ROOT = Path(django_settings.BASE_DIR)


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL (as CI does)")
    return shared_database_url()


@pytest.fixture
def fresh_database(postgres):
    """An empty database beside the test database, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restored"
    admin = psycopg2.connect(postgres.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield postgres.rsplit("/", 1)[0] + "/" + name
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def run_script(script: str, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    completed = subprocess.run(
        ["sh", str(ROOT / "scripts" / script), *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return completed


def rows(url: str, sql: str, params=()) -> list[tuple]:
    with psycopg2.connect(url) as db, db.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def table_counts(url: str) -> dict[str, int]:
    tables = [
        name for (name,) in rows(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    ]
    return {table: rows(url, f'SELECT count(*) FROM "{table}"')[0][0] for table in sorted(tables)}


def file_reports_with_attachments() -> list[int]:
    """Three of 省科技厅's demo reports filed, each with a PDF attachment."""
    keji = User.objects.get(username="keji")
    ids = []
    reports = ProgressReport.objects.filter(agency__short_name="省科技厅").order_by("id")[:3]
    for number, report in enumerate(reports, start=1):
        report = report_save(
            report=report,
            by=keji,
            data=ReportInput(progress_status="on_track", progress_text=f"第{number}项已推进。"),
            expected_version=report.version,
        )
        upload = SimpleUploadedFile(
            f"进度材料{number}.pdf", b"%PDF-1.4\n" + f"附件 {number}".encode() + b"\n%%EOF\n"
        )
        attachment_add(report=report, by=keji, upload=upload)
        report_submit(report=report, by=keji)
        ids.append(report.pk)
    return ids


def test_a_backup_restores_into_a_fresh_database_with_every_row_and_file(
    postgres, fresh_database, settings, tmp_path, _media_root
):
    settings.DEBUG = True  # the demo people and the open demo period, as `make run` has
    call_command("seed", verbosity=0)
    sample = file_reports_with_attachments()
    backups = tmp_path / "backups"
    expired = backups / "20200101T000000Z"
    expired.mkdir(parents=True)
    month_ago = time.time() - 30 * 86400
    os.utime(expired, (month_ago, month_ago))

    backup_env = {
        "DATABASE_URL": postgres,
        "MEDIA_ROOT": str(_media_root),
        "BACKUP_DIR": str(backups),
        "BACKUP_KEEP_DAYS": "14",
    }
    run_script("backup.sh", backup_env)
    (made,) = list(backups.iterdir())  # the expired one is gone, no .partial is left
    assert made.name.endswith("Z") and {p.name for p in made.iterdir()} == {
        "ipplan.dump",
        "media.tar.gz",
    }

    restored_media = tmp_path / "restored-media"
    run_script(
        "restore.sh",
        {"DATABASE_URL": fresh_database, "MEDIA_ROOT": str(restored_media)},
        str(made),
    )

    before, after = table_counts(postgres), table_counts(fresh_database)
    assert after == before
    assert before["tasks_progressreport"] > 100 and before["tasks_reportattachment"] >= 3

    report_table = ProgressReport._meta.db_table
    for table in (report_table, ReportVersion._meta.db_table, ReportAttachment._meta.db_table):
        key = "id" if table == report_table else "report_id"
        query = f'SELECT * FROM "{table}" WHERE {key} = ANY(%s) ORDER BY id'
        assert rows(fresh_database, query, (sample,)) == rows(postgres, query, (sample,))
    attachments = rows(
        fresh_database,
        f'SELECT file FROM "{ReportAttachment._meta.db_table}" WHERE report_id = ANY(%s)',
        (sample,),
    )
    assert len(attachments) == 3
    for (path,) in attachments:
        assert (restored_media / path).read_bytes() == (Path(_media_root) / path).read_bytes()
