"""两书同达: the penalty decision (行政处罚决定书) and the credit-repair notice (《公共信用信息修复权益提示函》) of
a case, made together and only together: a decided case with a penalty gives both, a no-penalty decision gives its
decision alone (不予行政处罚决定书, nothing goes to the credit platform). Read from the store; slow (fonts, layout):
call it off the UI thread."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from app.documents.errors import DocumentError
from app.documents.layout import OfficialPdf
from app.models import Evidence, Inspection, InspectionCode, Target
from app.models.domain import Case
from app.models.enums import CaseStatus, Outcome
from app.rules.shanghai import SHANGHAI
from app.store import Store

DECISION_TITLE = "行政处罚决定书"
NO_PENALTY_TITLE = "不予行政处罚决定书"
NOTICE_TITLE = "公共信用信息修复权益提示函"
DEFAULT_AUTHORITY = "长宁区卫生健康委员会"


@dataclass(frozen=True)
class CaseFacts:
    case: Case
    target: Target
    authority: str
    photos: int


@dataclass(frozen=True)
class DecisionDocuments:
    """The documents delivered together: (title, PDF) in order, the decision first."""

    documents: tuple[tuple[str, bytes], ...]

    def file_names(self, case: Case, target: Target) -> list[str]:
        name = "".join(ch for ch in target.name if ch not in '\\/:*?"<>|')
        day = case.decided_on.strftime("%Y%m%d") if case.decided_on else ""
        return [f"{title}-{name}-{day}.pdf" for title, _pdf in self.documents]


def gather(store: Store, case_id: str) -> CaseFacts:
    case = store.get(Case, case_id)
    if case is None:
        raise DocumentError(f"找不到案件 {case_id}", f"no such case: {case_id}")
    if case.status == CaseStatus.OPEN or case.outcome is None:
        raise DocumentError("案件尚未作出决定，没有决定书", "the case is not decided: there is no decision to print")
    target = store.get(Target, case.target_id)
    if target is None:
        raise DocumentError("本机没有该检查对象", "the case's target is not on this device")
    inspection = store.get(Inspection, case.inspection_id)
    code = store.get(InspectionCode, inspection.code_id) if inspection is not None else None
    photos = sum(1 for p in store.find(Evidence, id=case.evidence_ids)) if case.evidence_ids else 0
    return CaseFacts(case, target, code.issuer if code else DEFAULT_AUTHORITY, photos)


def make_decision_documents(store: Store, case_id: str) -> DecisionDocuments:
    """The decision and, for a penalty, its credit-repair notice: never one without the other."""
    facts = gather(store, case_id)
    if facts.case.outcome == Outcome.NO_PENALTY:
        return DecisionDocuments(((NO_PENALTY_TITLE, _decision(facts, NO_PENALTY_TITLE)),))
    if not facts.case.notice_no:
        raise DocumentError(
            "两书同达：处罚决定须同时制作信用修复提示函", "a penalty decision needs its credit-repair notice"
        )
    return DecisionDocuments(((DECISION_TITLE, _decision(facts, DECISION_TITLE)), (NOTICE_TITLE, _notice(facts))))


def _when(facts: CaseFacts) -> datetime:
    day = facts.case.decided_on or facts.case.opened_on
    return datetime.combine(day, time(9), SHANGHAI)


def _outcome_text(case: Case) -> str:
    if case.outcome == Outcome.FINE:
        return f"罚款人民币{case.fine_yuan:,}元（大写：{_yuan_in_words(case.fine_yuan or 0)}）"
    return {Outcome.WARNING: "警告", Outcome.REVOCATION: "吊销许可证", Outcome.NO_PENALTY: "不予行政处罚"}[
        Outcome(case.outcome)
    ]


def _party(pdf: OfficialPdf, facts: CaseFacts) -> None:
    t = facts.target
    pdf.fields([("当事人", t.name), ("统一社会信用代码", t.credit_code), ("地址", t.address)])


def _decision(facts: CaseFacts, title: str) -> bytes:
    case = facts.case
    pdf = OfficialPdf(title, facts.authority, case.decision_no or case.case_no)
    _party(pdf, facts)
    evidence = f"现场照片{facts.photos}张" if facts.photos else "现场检查记录"
    pdf.paragraph(
        f"本机关于{case.opened_on:%Y年%m月%d日}立案调查（立案编号 {case.case_no}），查明：{case.facts.rstrip('。')}。"
    )
    pdf.paragraph(f"以上事实，有现场检查笔录、{evidence}等证据为证。")
    if case.legal_basis:
        pdf.paragraph(f"你单位的上述行为违反了{case.legal_basis.rstrip('。')}的规定。")
    basis = case.penalty_basis.rstrip("。") or "有关法律、法规、规章"
    if case.outcome == Outcome.NO_PENALTY:
        pdf.paragraph(
            f"鉴于你单位系初次违法、危害后果轻微并已及时改正，依据{basis}的规定，本机关决定对你单位不予行政处罚。"
        )
    else:
        pdf.paragraph(f"依据{basis}的规定，本机关决定对你单位作出如下行政处罚：{_outcome_text(case)}。")
    if case.deviation_reason.strip():
        pdf.paragraph(f"裁量说明：{case.deviation_reason.strip().rstrip('。')}。")
    if case.review_result == "approved":
        pdf.paragraph(f"本决定已于{case.reviewed_on:%Y年%m月%d日}经重大执法决定法制审核。")
    if case.outcome == Outcome.FINE:
        pdf.paragraph(
            "罚款应自收到本决定书之日起十五日内缴纳。到期不缴纳的，本机关可以每日按罚款数额的百分之三加处罚款。"
        )
    pdf.paragraph(
        "如不服本决定，可以在收到本决定书之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。"
    )
    if case.outcome != Outcome.NO_PENALTY:
        pdf.paragraph(f"本决定书与《{NOTICE_TITLE}》（{case.notice_no}）同时送达。")
    pdf.seal(_when(facts))
    return pdf.to_bytes()


def _notice(facts: CaseFacts) -> bytes:
    case = facts.case
    pdf = OfficialPdf(NOTICE_TITLE, facts.authority, case.notice_no or "")
    _party(pdf, facts)
    pdf.paragraph(
        f"本机关于{_when(facts):%Y年%m月%d日}对你单位作出《{DECISION_TITLE}》（{case.decision_no}），"
        f"处罚内容：{_outcome_text(case)}。"
    )
    pdf.paragraph("该行政处罚信息将依法归集至公共信用信息服务平台，并按规定向社会公示。")
    pdf.paragraph(
        "你单位在履行行政处罚决定、纠正违法行为并达到规定的最短公示期限后，可以依照公共信用信息修复的有关规定，"
        "通过信用中国（上海）等渠道提出信用修复申请。符合条件的，相关信息将按规定停止公示。"
    )
    pdf.paragraph("特此提示。本提示函与行政处罚决定书同时送达。")
    pdf.seal(_when(facts))
    return pdf.to_bytes()


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UNITS = ("", "拾", "佰", "仟")
_GROUPS = ("", "万", "亿")


def _yuan_in_words(amount: int) -> str:
    """An amount of whole yuan in the capital numerals of financial documents: 20000 -> 贰万元整."""
    if amount == 0:
        return "零元整"
    groups, words = [], ""
    while amount:
        groups.append(amount % 10000)
        amount //= 10000
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            if words and not words.endswith("零"):
                words += "零"
            continue
        if words and group < 1000 and not words.endswith("零"):
            words += "零"
        words += _group_words(group) + _GROUPS[index]
    return words.rstrip("零") + "元整"


def _group_words(group: int) -> str:
    text, zero = "", False
    for position in range(3, -1, -1):
        digit = group // 10**position % 10
        if digit == 0:
            zero = bool(text)
            continue
        if zero:
            text += "零"
            zero = False
        text += _DIGITS[digit] + _UNITS[position]
    return text
