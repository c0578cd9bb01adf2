"""Every real document, re-imported as an edited edition, applies as a revision and loses nothing.

The edits are what later editions do: a sentence reworded, a paragraph dropped, a paragraph
repeated (so the numbering after it shifts). Whatever the importer makes of them, applying
keeps every measure row (kept or retired), and the plan then reads as the edition does.
"""

import random
from pathlib import Path

import pytest
from django.conf import settings

from tasks.importer.decoding import DocumentError
from tasks.importer.services import document_import
from tasks.models import Measure, Plan
from tasks.selectors.revisions import proposed_measures, revision_proposal
from tasks.services.revisions import revision_apply

pytestmark = pytest.mark.django_db
ROOT = Path(settings.BASE_DIR) / "fixtures"
DOCUMENTS = sorted((ROOT / "documents").glob("*.txt")) + sorted(
    (ROOT / "import_corpus").glob("*.txt")
)


def edited(text: str, seed: int) -> str:
    """Three edits to paragraphs below the heading, chosen by ``seed`` (deterministic)."""
    rng = random.Random(seed)
    lines = text.split("\n")
    for _ in range(3):
        paragraphs = [i for i in range(15, len(lines)) if len(lines[i]) > 30]
        if not paragraphs:
            break
        i = rng.choice(paragraphs)
        choice = rng.random()
        if choice < 0.4:
            lines[i] = lines[i][:8] + "进一步" + lines[i][8:]
        elif choice < 0.7:
            lines[i] = ""
        else:
            lines.insert(i, lines[i])
    return "\n".join(lines)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: path.name)
def test_an_edited_edition_of_a_real_document_applies_and_keeps_every_measure(directory, path):
    text = path.read_text(encoding="utf-8")
    try:
        document_import(data=text.encode(), filename=path.name, level="province")
    except DocumentError:
        # Not a plan (a commendation, say): its edited copies are refused too, and nothing
        # is written for any of them.
        for seed in (1, 2):
            with pytest.raises(DocumentError):
                document_import(
                    data=edited(text, seed).encode(), filename=path.name, level="province"
                )
        assert not Plan.objects.exists() and not Measure.objects.exists()
        return
    for seed in (1, 2):
        rows = set(Measure.objects.values_list("pk", flat=True))
        try:
            summaries = document_import(
                data=edited(text, seed).encode(),
                filename=f"修订{seed}-{path.name}",
                level="province",
            )
        except DocumentError:
            continue
        for summary in summaries:
            if not summary.revision:
                continue
            plan = Plan.objects.get(pk=summary.plan_id)
            revision = plan.revisions.get(number=summary.revision)
            revision_apply(revision=revision, by=None)
            current = plan.measures.exclude(status=Measure.Status.RETIRED)
            assert current.count() == len(proposed_measures(revision_proposal(revision)))
        assert rows <= set(Measure.objects.values_list("pk", flat=True))
