"""责令改正通知书 (CorrectionOrder): the order to correct the listed items by a deadline, checked by a 复查. Each item
is listed with the rule it breaks, and the demands are each item's correction demand (as edited on the order before
printing, else the catalogue's standard one: app/documents/demands.py) followed by what the inspector added."""

from __future__ import annotations

from app.documents.demands import order_demand
from app.documents.errors import DocumentError
from app.documents.facts import SHANGHAI, InspectionFacts, local_time
from app.documents.layout import OfficialPdf

TITLE = "责令改正通知书"


def render(facts: InspectionFacts, order_id: str | None = None) -> bytes:
    """The notice of one correction order of the inspection (by default its first, by deadline)."""
    order = next((o for o in facts.orders if order_id in (None, o.id)), None)
    if order is None:
        raise DocumentError(
            "本次检查没有责令改正记录，无法生成责令改正通知书",
            "this inspection has no correction order, so there is no correction notice to make",
        )
    started = facts.inspection.started_at.astimezone(SHANGHAI)
    pdf = OfficialPdf(TITLE, facts.authority, f"卫监改〔{started.year}〕{facts.code.short_code}号")
    pdf.paragraph(f"{facts.target.name}（统一社会信用代码 {facts.target.credit_code}）：", indent=False)
    pdf.paragraph(
        f"经{local_time(facts.inspection.started_at)}现场检查（检查码 {facts.code.short_code}），你单位存在下列问题："
    )
    notes = {line.item.id: line for s in facts.sections for line in s.lines}
    rows = []
    for n, (item_id, title) in enumerate(zip(order.item_ids, facts.item_titles(order.item_ids), strict=True), 1):
        line = notes.get(item_id)
        basis = line.item.legal_basis if line else ""
        rows.append([str(n), title, line.result.note if line and line.result else "", basis])
    pdf.grid(["序号", "问题", "现场情况", "违反的规定"], rows, (12, 58, 44, 52), ("CENTER", "LEFT", "LEFT", "LEFT"))
    pdf.paragraph(f"现责令你单位于 {order.deadline:%Y年%m月%d日} 前改正上述问题。改正要求如下：")
    demands = [
        order_demand(order, notes[item_id].item) if item_id in notes else f"改正“{title}”所列问题"
        for item_id, title in zip(order.item_ids, facts.item_titles(order.item_ids), strict=True)
    ]
    added = order.requirements.strip().rstrip("。；;")
    if added and added not in demands:  # what the inspector added, unless it repeats a standard demand
        demands.append(added)
    for n, demand in enumerate(demands, 1):
        pdf.paragraph(f"{n}. {demand}{'。' if n == len(demands) else '；'}")
    pdf.paragraph(
        "改正期限届满后，本机关将进行复查。逾期不改正的，将依法予以处理。你单位应在改正完成后将改正情况书面报告本机关。"
    )
    pdf.ln(2)
    pdf.signatures(facts, party_label="被检查单位签收：")
    pdf.seal(started)
    return pdf.to_bytes()
