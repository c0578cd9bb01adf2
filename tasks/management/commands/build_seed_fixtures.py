"""Regenerate fixtures/plans/*.json from the documents in fixtures/documents/ with the importer."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from tasks.importer import read_document
from tasks.importer.enrich import enrich
from tasks.importer.serialize import plan_to_json

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


class Command(BaseCommand):
    help = "用导入器把 fixtures/documents/ 中的公文重新生成为 fixtures/plans/*.json。"

    def handle(self, *args, **options):
        out = FIXTURES / "plans"
        out.mkdir(exist_ok=True)
        for path in sorted((FIXTURES / "documents").glob("*.txt")):
            for parsed in read_document(path.read_bytes(), filename=path.name):
                target = out / f"{parsed.slug}.json"
                target.write_text(plan_to_json(enrich(parsed)) + "\n", encoding="utf-8")
                self.stdout.write(f"{target.relative_to(FIXTURES.parent)}：{parsed.title}")
