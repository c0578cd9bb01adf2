"""The seed documents, and an edited copy of Lianyungang's as a later edition would read.

The edited copy is what the office would receive after the city revised its opinion:
one item reworded, one removed (so the next item is renumbered), one added and one
target raised. Tests and the browser walk compare revisions against exactly these edits.
"""

from pathlib import Path

from django.conf import settings

DOCUMENTS = Path(settings.BASE_DIR) / "fixtures" / "documents"
LIANYUNGANG = DOCUMENTS / "2016-lianyungang-ip-implementation-opinion.txt"
PLAN_2012 = DOCUMENTS / "2012-jiangsu-ip-strategy-action-plan.txt"

REWORDED_FROM = "2. 促进企业知识产权产出。加大对培强培优企业"
REWORDED_TO = "2. 促进企业知识产权产出。进一步加大对培强培优企业"
REMOVED_START = "4. 加大互联网领域知识产权保护力度。"
RENUMBERED_FROM = "5. 建立知识产权信用体系。"
RENUMBERED_TO = "4. 建立知识产权信用体系。"
ADDED_AFTER = "3. 加大知识产权宣传力度。"  # the last item of （五）; the new one follows it
ADDED = "4. 建设知识产权大数据平台。汇聚专利、商标、版权数据，面向企业提供检索分析服务。"
TARGET_FROM, TARGET_TO = "万人有效发明专利拥有量达 8 件", "万人有效发明专利拥有量达 10 件"


def lianyungang_revised() -> str:
    """The Lianyungang opinion with the four edits above (same 文号, so the same plan)."""
    lines = LIANYUNGANG.read_text(encoding="utf-8").splitlines()
    edited = []
    for line in lines:
        if line.startswith(REMOVED_START):
            continue
        line = line.replace(REWORDED_FROM, REWORDED_TO).replace(RENUMBERED_FROM, RENUMBERED_TO)
        line = line.replace(TARGET_FROM, TARGET_TO)
        edited.append(line)
        if line.startswith(ADDED_AFTER):
            edited += ["", ADDED]
    text = "\n".join(edited) + "\n"
    assert REWORDED_TO in text and RENUMBERED_TO in text and TARGET_TO in text
    assert REMOVED_START not in text and "建设知识产权大数据平台" in text
    return text
