"""The embedded mode's commands as a newcomer runs them (`make run`, cron): a fresh SQLite
file, no variables. `seed` honours -v; `remind_sweep` sends its jobs in-process without
kombu's "No hostname was supplied" broker warning (issue 15)."""

from __future__ import annotations

import pytest

from tests.test_settings import run_with


@pytest.fixture(scope="module")
def embedded(tmp_path_factory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("embedded")
    env = {
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    migrated = run_with(env, "manage.py", "migrate", "-v", "0")
    assert migrated.returncode == 0, migrated.stderr
    return env


def test_seed_honours_verbosity(embedded):
    quiet = run_with(embedded, "manage.py", "seed", "-v", "0")
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stdout == "" and quiet.stderr == ""
    normal = run_with(embedded, "manage.py", "seed")
    assert "单位名录：新增 0" in normal.stdout and "已存在，保持不变" in normal.stdout
    assert "读取 " not in normal.stdout
    verbose = run_with(embedded, "manage.py", "seed", "-v", "2")
    assert "fixtures/agencies.json" in verbose.stdout and "fixtures/plans/" in verbose.stdout


def test_remind_sweep_in_embedded_mode_sends_without_a_broker_warning(embedded):
    seeded = run_with(embedded, "manage.py", "seed", "-v", "0")
    assert seeded.returncode == 0, seeded.stderr
    swept = run_with(embedded, "manage.py", "remind_sweep", "--digest")
    assert swept.returncode == 0, swept.stderr
    dispatched = int(swept.stdout.split("已派发 ")[1].split("，")[0])
    assert dispatched > 0  # jobs were sent (in-process), so kombu had its chance to warn
    assert "No hostname was supplied" not in swept.stdout + swept.stderr
