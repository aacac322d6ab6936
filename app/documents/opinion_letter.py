"""卫生监督意见书 (OpinionLetter): the written supervision opinion handed to the party on site: each finding with its
legal basis, and as the opinion each finding's correction demand (as edited on its order, else the catalogue's
standard one: app/documents/demands.py)."""

from __future__ import annotations

from app.documents.demands import order_demand
from app.documents.facts import SHANGHAI, InspectionFacts, local_time
from app.documents.layout import OfficialPdf
from app.models.domain import CorrectionOrder

TITLE = "卫生监督意见书"


def render(facts: InspectionFacts) -> bytes:
    started = facts.inspection.started_at.astimezone(SHANGHAI)
    pdf = OfficialPdf(TITLE, facts.authority, f"卫监意〔{started.year}〕{facts.code.short_code}号")
    pdf.paragraph(f"{facts.target.name}（统一社会信用代码 {facts.target.credit_code}）：", indent=False)
    pdf.paragraph(
        f"{local_time(facts.inspection.started_at)}，本机关卫生监督员凭检查码 {facts.code.short_code} "
        f"对你单位（{facts.target.address}）进行了现场检查。"
    )
    problems = facts.non_compliant
    if problems:
        pdf.paragraph("检查发现你单位存在下列问题：")
        for n, line in enumerate(problems, 1):
            note = line.result.note if line.result and line.result.note else "见现场检查笔录及照片"
            pdf.paragraph(f"{n}. {line.item.title}（{note}）。依据：{line.item.legal_basis}。")
        pdf.heading("卫生监督意见")
        for n, text in enumerate(_opinions(facts), 1):
            pdf.paragraph(f"{n}. {text}")
    else:
        pdf.paragraph("本次检查未发现不符合项。请你单位继续严格落实各项卫生管理制度，保持良好的卫生状况。")
    pdf.paragraph("如对本意见书有异议，可在收到之日起向本机关陈述意见。")
    pdf.ln(2)
    pdf.signatures(facts, party_label="被监督单位签收：")
    pdf.seal(started)
    return pdf.to_bytes()


def _opinions(facts: InspectionFacts) -> list[str]:
    """Each finding's standard correction demand (from the catalogue), with the deadline of the order that lists it;
    then what the inspector added to each order; without an order, the instruction to correct at once."""
    listing: dict[str, CorrectionOrder] = {}
    for order in facts.orders:  # by deadline: an item in two orders takes the earlier
        for item_id in order.item_ids:
            listing.setdefault(item_id, order)
    opinions = []
    for n, line in enumerate(facts.non_compliant, 1):
        order = listing.get(line.item.id)
        until = f"（请于{order.deadline:%Y年%m月%d日}前改正完毕）" if order else ""
        opinions.append(f"针对第{n}项：{order_demand(order, line.item)}{until}。")
    standard = {order_demand(listing.get(line.item.id), line.item) for line in facts.non_compliant}
    for order in facts.orders:
        added = order.requirements.strip().rstrip("。；;")
        if added and added not in standard:  # what the inspector added, unless it repeats a standard demand
            opinions.append(f"{added}（请于{order.deadline:%Y年%m月%d日}前改正完毕）。")
    if not facts.orders:
        opinions.append("请你单位对上述问题立即整改，并建立长效管理制度，防止同类问题再次发生。")
    return opinions
