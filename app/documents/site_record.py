"""现场检查笔录 (SiteRecord): the on-site inspection record, signed by the inspectors and the inspected party;
the photos follow on a sheet of their own (reduced copies; the originals stay untouched in the blob store)."""

from __future__ import annotations

import io

import segno

from app.documents.facts import SHANGHAI, InspectionFacts, local_time
from app.documents.layout import OfficialPdf

TITLE = "现场检查笔录"
_ITEM_ALIGN = ("CENTER", "LEFT", "CENTER", "LEFT")
_TABLE_START = 30  # mm: a heading, the table's header row and its first row stay together
_SEAL_QR = 36  # mm: the seal's QR, large enough for a phone at arm's length
_NOTICE = (
    "我们是{authority}的卫生监督员，已向你出示执法证件和本次检查的检查码，现依法进行现场检查。"
    "你有如实回答询问、协助检查的义务，也有陈述和申辩的权利；如认为检查人员与你单位有直接利害关系，可以申请回避。"
)
# 查后可评价: the party's one-time evaluation token, handed over on this record (docs/CODES.md)
_EVALUATION = (
    "检查结束后，你单位可扫描检查码二维码，或在检查码核验页面输入检查码 {short_code}，凭评价码 {token} "
    "对本次检查进行评价（匿名；每个检查码只能评价一次，评价码请勿交给他人）。"
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
    if facts.recordings:
        _recordings(pdf, facts)
    pdf.heading("四、签名")
    pdf.paragraph("以上笔录经核对，与事实相符。", indent=False)
    pdf.signatures(facts)
    if facts.code.evaluation_token:
        pdf.heading("五、查后评价")
        pdf.paragraph(_EVALUATION.format(short_code=facts.code.short_code, token=facts.code.evaluation_token))
    if facts.seal:
        _seal(pdf, facts.seal)
    if facts.photos:
        _photo_sheet(pdf, facts)
    return pdf.to_bytes()


def _recordings(pdf: OfficialPdf, facts: InspectionFacts) -> None:
    """执法记录仪: each video a line (time range, camera, file, hash prefix); the files themselves stay digital."""
    pdf.paragraph(f"执法记录仪视频共 {len(facts.recordings)} 段：", indent=False)
    rows = []
    for n, r in enumerate(facts.recordings, 1):
        start, end = r.started_at.astimezone(SHANGHAI), r.ended_at.astimezone(SHANGHAI)
        span = (
            f"{start:%Y-%m-%d %H:%M}至{end:%H:%M}"
            if start.date() == end.date()
            else f"{start:%m-%d %H:%M}至{end:%m-%d %H:%M}"
        )
        rows.append([str(n), span, r.camera or "—", r.caption, r.sha256[:16]])
    pdf.grid(
        ["序号", "录像时间", "记录仪", "文件", "SHA-256 前16位"],
        rows,
        (12, 44, 24, 50, 36),
        ("CENTER", "CENTER", "LEFT", "LEFT", "LEFT"),
    )


def seal_text(seal: dict) -> str:
    """What the QR holds: enough to check this printed record against the server's copy (the verifier)."""
    return f"FI-SEAL1:{seal['inspection_id']}:{seal['head']}:{seal['signature']}"


def _seal(pdf: OfficialPdf, seal: dict) -> None:
    """执法全过程记录封存: the head of the inspection's hash chain, signed by the inspector's device, and a QR of it."""
    pdf.heading("执法全过程记录封存", room=_SEAL_QR + 12)
    pdf.paragraph(
        f"本次检查的全过程记录（出示检查码、检查结果、照片、签名、结束检查及更正）共 {len(seal['events'])} 项，"
        f"已由检查设备封存。封存值：{seal['head']}；设备签名：{seal['signature']}",
        indent=False,
    )
    sealed = seal.get("timing", {}).get("sealed") or {}
    if sealed:
        source = "服务器时间加本机计时" if sealed.get("sure") else "本机时钟（未能与服务器时间核对）"
        pdf.paragraph(f"封存时间依据：{source}；本机时钟 {sealed.get('wall')}", indent=False)
    png = io.BytesIO()
    segno.make_qr(seal_text(seal), error="m").save(png, kind="png", scale=4, border=2)
    pdf.image(io.BytesIO(png.getvalue()), x=pdf.l_margin, w=_SEAL_QR, h=_SEAL_QR)


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
        ("许可证号", "、".join(licence.text for licence in facts.target.licences)),
        ("检查码", f"{facts.code.short_code}（{facts.code.id}）"),
        ("检查时间", f"{started} 至 {ended}"),
        ("检查人员", inspectors),
        *([("检查方式", "无感检查（以资料和数据远程核查，未到现场）")] if facts.inspection.remote else []),
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
