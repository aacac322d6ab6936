"""现场检查笔录 (SiteRecord): the on-site inspection record, signed by the inspectors and the inspected party;
the photos follow on a sheet of their own (reduced copies; the originals stay untouched in the blob store)."""

from __future__ import annotations

from app.documents.facts import SHANGHAI, InspectionFacts, local_time
from app.documents.layout import OfficialPdf

TITLE = "现场检查笔录"
_ITEM_ALIGN = ("CENTER", "LEFT", "CENTER", "LEFT")
_TABLE_START = 30  # mm: a heading, the table's header row and its first row stay together
_NOTICE = (
    "我们是{authority}的卫生监督员，已向你出示执法证件和本次检查的检查码，现依法进行现场检查。"
    "你有如实回答询问、协助检查的义务，也有陈述和申辩的权利；如认为检查人员与你单位有直接利害关系，可以申请回避。"
)


def render(facts: InspectionFacts) -> bytes:
    pdf = OfficialPdf(TITLE, facts.authority, number(facts))
    pdf.fields(_header_rows(facts))
    pdf.paragraph(_NOTICE.format(authority=facts.authority))
    pdf.heading("一、检查情况")
    for index, section in enumerate(facts.sections, 1):
        pdf.heading(f"（{_chinese_number(index)}）{section.checklist_name}", room=_TABLE_START)
        rows = [
            [str(n), line.item.title, line.result_text, line.result.note if line.result else ""]
            for n, line in enumerate(section.lines, 1)
        ]
        pdf.grid(["序号", "检查事项", "结果", "情况说明"], rows, (12, 86, 18, 50), _ITEM_ALIGN)
    pdf.heading("二、发现的问题")
    pdf.paragraph(_findings(facts))
    pdf.heading("三、现场照片索引", room=_TABLE_START)
    if facts.photos:
        titles = dict(zip(*_item_titles(facts), strict=True))
        rows = [
            [
                str(n),
                f"{p.taken_at.astimezone(SHANGHAI):%Y-%m-%d %H:%M}",
                titles.get(p.item_id or "", "—"),
                p.caption,
                p.sha256[:16],
            ]
            for n, p in enumerate(facts.photos, 1)
        ]
        pdf.grid(
            ["序号", "拍摄时间", "对应检查事项", "说明", "SHA-256 前16位"],
            rows,
            (12, 34, 50, 34, 36),
            ("CENTER", "CENTER", "LEFT", "LEFT", "LEFT"),
        )
    else:
        pdf.paragraph("本次检查未拍摄照片。")
    pdf.heading("四、签名")
    pdf.paragraph("以上笔录经核对，与事实相符。", indent=False)
    pdf.signatures(facts)
    if facts.photos:
        _photo_sheet(pdf, facts)
    return pdf.to_bytes()


def _photo_sheet(pdf: OfficialPdf, facts: InspectionFacts) -> None:
    """附页: the photos themselves (reduced copies), numbered as in the index."""
    pdf.add_page()
    pdf.heading("附页：现场照片")
    titles = dict(zip(*_item_titles(facts), strict=True))
    entries = []
    for n, photo in enumerate(facts.photos, 1):
        parts = [f"照片{n}", f"{photo.taken_at.astimezone(SHANGHAI):%Y-%m-%d %H:%M}", titles.get(photo.item_id or "")]
        legend = "  ".join(part for part in [*parts, photo.caption] if part)
        entries.append((facts.prints.get(photo.sha256), legend))
    pdf.photo_sheet(entries)


def number(facts: InspectionFacts) -> str:
    """The record's number: the year, then the code's short code, which the party can check against the code."""
    return f"卫监笔〔{facts.inspection.started_at.year}〕{facts.code.short_code}号"


def _header_rows(facts: InspectionFacts) -> list[tuple[str, str]]:
    started = local_time(facts.inspection.started_at)
    ended = local_time(facts.inspection.completed_at) if facts.inspection.completed_at else "检查进行中"
    inspectors = "；".join(f"{i.name}（执法证号 {i.certificate_no or '未登记'}）" for i in facts.inspectors)
    return [
        ("被检查单位", facts.target.name),
        ("统一社会信用代码", facts.target.credit_code),
        ("地址", facts.target.address),
        ("许可证号", "、".join(facts.target.licences)),
        ("检查码", f"{facts.code.short_code}（{facts.code.id}）"),
        ("检查时间", f"{started} 至 {ended}"),
        ("检查人员", inspectors),
    ]


def _findings(facts: InspectionFacts) -> str:
    problems = [f"{line.item.title}：{line.result.note or '见现场照片'}" for line in facts.non_compliant]  # type: ignore[union-attr]
    text = facts.inspection.findings.strip()
    if not problems and not text:
        return "本次检查未发现不符合项。"
    listed = "；".join(f"{n}. {p}" for n, p in enumerate(problems, 1))
    return "。".join(part for part in (listed, text) if part) + ("" if text.endswith("。") else "。")


def _item_titles(facts: InspectionFacts) -> tuple[list[str], list[str]]:
    ids = [line.item.id for s in facts.sections for line in s.lines]
    return ids, facts.item_titles(ids)


def _chinese_number(n: int) -> str:
    digits = "零一二三四五六七八九十"
    return digits[n] if n <= 10 else str(n)
