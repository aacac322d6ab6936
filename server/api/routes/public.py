"""The public page for inspected businesses: verify a code (who, what, when) and rate the inspection once after it.

Plain server-rendered HTML in Chinese, no script, readable on a phone. `GET /c/{short_code}` is the QR code's address
(`app.rules.codes.code_url`); `GET /c` has a form to type the short code; `GET /r` checks a printed site record's
seal against the server. The signature is verified here with the server's keys, so what the page says is what the
code says. Rating needs the code's evaluation token (评价码) handed over on site; the form is guarded by an Origin
check and a CSRF token, every answer by CSP and no framing (`server/api/form_guard.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from html import escape
from pathlib import Path
from string import Template
from typing import Any
from urllib.parse import parse_qs, quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from app.models import InspectionCode
from app.models.enums import TaskCategory
from app.rules import codes as rules
from server import evaluations
from server.api import form_guard
from server.api.deps import SessionDep, WriterSlot
from server.codes import SHANGHAI, CodeRefusal, code_by_short_code
from server.sync import seal_rule
from server.sync.records import RecordCache

router = APIRouter(tags=["public"], include_in_schema=False)

_SERVER = Path(__file__).resolve().parents[2]
MAX_FORM_BYTES = 64 * 1024  # a score and a 2,000-character comment, URL-encoded, fit many times over
CATEGORY_ZH = {
    TaskCategory.NATIONAL_RANDOM: "国家双随机抽查",
    TaskCategory.DISTRICT_RANDOM: "区级双随机抽查",
    TaskCategory.JOINT_RANDOM: "部门联合双随机抽查",
    TaskCategory.CROSS_DEPARTMENT: "跨部门综合监管",
    TaskCategory.CAMPAIGN: "专项检查",
    TaskCategory.COMPLAINT: "投诉举报核查",
    TaskCategory.FOLLOW_UP: "整改复查",
}
# (css class, headline, explanation) per verdict; anything not listed cannot be trusted.
_STATUS = {
    rules.Reason.OK: ("ok", "✓ 检查码真实有效", "签名已核验：此码由{issuer}签发，当前在有效期内。"),
    rules.Reason.EXPIRED: ("warn", "检查码已过期", "签名真实，但已超过有效期；过期的检查码不能再用于检查。"),
    rules.Reason.NOT_YET_VALID: ("warn", "检查码尚未生效", "签名真实，但尚未到有效期；请在有效期内接受检查。"),
    rules.Reason.REVOKED: ("bad", "检查码已撤销", "此码已由签发机关撤销（{why}），不能用于检查。"),
}
_UNTRUSTED = (
    "bad",
    "检查码无法核验",
    "签名无法核验，此码可能被伪造或篡改；您有权拒绝检查，并可向签发机关反映。",
)
_GENUINE = frozenset({rules.Reason.OK, rules.Reason.EXPIRED, rules.Reason.NOT_YET_VALID, rules.Reason.REVOKED})


@cache
def _template(name: str) -> Template:
    return Template((_SERVER / "templates" / name).read_text(encoding="utf-8"))


@cache
def _style() -> str:
    return (_SERVER / "static" / "public.css").read_text(encoding="utf-8")


def _page(title: str, content: str, status: int = 200) -> HTMLResponse:
    html = _template("page.html").substitute(title=escape(title), style=_style(), content=content)
    return form_guard.secure(HTMLResponse(html, status_code=status), _style())


def _redirect(url: str) -> Response:
    return form_guard.secure(RedirectResponse(url, status_code=303), _style())


def _local(value: datetime) -> str:
    value = value if value.tzinfo else value.replace(tzinfo=UTC)
    return value.astimezone(SHANGHAI).strftime("%Y年%m月%d日 %H:%M")


def _error(message: str) -> str:
    return f'<p class="error" role="alert">{escape(message.split(" / ")[0])}</p>'


# --- pages -------------------------------------------------------------------------------------------------------


@router.get("/c", response_class=HTMLResponse)
def lookup(code: str | None = None) -> Response:
    """The form to type a short code; a typed code goes to its page in canonical form."""
    if code is None or not code.strip():
        return _page("核验检查码", _template("lookup.html").substitute(error="", value=""))
    short_code = rules.normalize_short_code(code)
    if short_code is None:
        error = _error("检查码格式不正确：应为 8 位字母和数字，例如 K7QM-3XPA")
        return _page("核验检查码", _template("lookup.html").substitute(error=error, value=escape(code)), 400)
    return _redirect(f"/c/{quote(short_code)}")


_RECORD_CLASS = {"valid": "ok", "invalid": "bad"}  # anything else: unknown, a warning


@router.get("/r", response_class=HTMLResponse)
def record_page(session: SessionDep, seal: str | None = None) -> Response:
    """执法全过程记录: a printed site record's seal (its `FI-SEAL1:…` line or QR text) checked against the server
    (server/sync/seal_rule.py); says valid, not valid or cannot tell, in plain Chinese."""
    if seal is None or not seal.strip():
        return _page("核验检查记录", _template("record.html").substitute(result="", value=""))
    verdict = seal_rule.check_printed(session, seal[:400])
    result = (
        f'<section class="status {_RECORD_CLASS.get(verdict.status, "warn")}" id="status" role="status">'
        f"<h2>{escape(verdict.headline)}</h2><p>{escape(verdict.detail)}</p></section>"
    )
    content = _template("record.html").substitute(result=result, value=escape(seal[:400]))
    return _page(verdict.headline.lstrip("✓✗ "), content, 200)


@router.get("/c/{short_code}", response_class=HTMLResponse)
def code_page(short_code: str, session: SessionDep, request: Request) -> Response:
    code = _find(session, short_code)
    if code is None:
        return _not_found(short_code)
    return _code_page(session, request, code)


@router.post("/c/{short_code}/evaluation", response_class=HTMLResponse)
async def post_evaluation(short_code: str, session: SessionDep, request: Request, _writer: WriterSlot) -> Response:
    """Store the rating, then show the code page again (303), so a reload does not submit twice."""
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        return _page("评价内容过长", _error("提交的内容过长，请精简后重试"), 413)
    if not form_guard.same_origin(request):
        return _page("评价未提交", _error("请在本站的检查码页面上提交评价"), 403)
    form = parse_qs(body.decode("utf-8", errors="replace"))
    return await run_in_threadpool(_evaluate, session, request, short_code, form)


def _field(form: dict[str, list[str]], name: str) -> str | None:
    return (form.get(name) or [None])[0]


def _evaluate(session: SessionDep, request: Request, short_code: str, form: dict[str, list[str]]) -> Response:
    code = _find(session, short_code)
    if code is None:
        return _not_found(short_code)
    comment, token = _field(form, "comment") or "", _field(form, "token")
    verdict = _verdict(request, code)
    try:
        if not form_guard.csrf_ok(request, code.short_code, _field(form, "csrf")):
            raise CodeRefusal(
                403, "form_expired", "页面已过期，请重新打开本页后再提交 / the form expired; reload the page"
            )
        if verdict.reason not in _GENUINE:
            raise CodeRefusal(409, "code_untrusted", "检查码无法核验，不能评价 / the code cannot be verified")
        score = evaluations.parse_score(_field(form, "score"))
        with request.app.state.write_lock:
            evaluations.submit(session, code, token, score, evaluations.parse_comment(comment))
            session.commit()
    except CodeRefusal as exc:
        session.rollback()
        kept = "" if exc.code == "token_wrong" else token or ""
        return _code_page(session, request, code, error=exc.message, typed=(comment, kept), status=exc.status)
    return _redirect(f"/c/{quote(code.short_code)}#evaluation")


def _find(session: SessionDep, short_code: str) -> InspectionCode | None:
    canonical = rules.normalize_short_code(short_code)
    return code_by_short_code(session, canonical) if canonical else None


def _not_found(short_code: str) -> HTMLResponse:
    return _page("检查码不存在", _template("not_found.html").substitute(short_code=escape(short_code[:40])), 404)


def _verdict(request: Request, code: InspectionCode) -> rules.Verdict:
    revoked = {code.id: code.revoke_reason or ""} if code.revoked_at else {}
    return rules.verify(
        code,
        public_keys=request.app.state.keys.public_keys(),
        now=datetime.now(UTC),
        target_id=None,
        inspector_id=None,
        revoked=revoked,
        skew=rules.DEFAULT_SKEW,
    )


def _code_page(
    session: SessionDep,
    request: Request,
    code: InspectionCode,
    *,
    error: str = "",
    typed: tuple[str, str] = ("", ""),
    status: int = 200,
) -> HTMLResponse:
    """The page; `typed` is what the party typed (comment, token), kept on a refusal so nothing is lost."""
    verdict = _verdict(request, code)
    browser = form_guard.browser_id(request)
    css, title, text = _STATUS.get(verdict.reason, _UNTRUSTED)
    text = text.format(issuer=code.issuer, why=code.revoke_reason or "未说明原因")
    facts = _facts(session, code)
    content = _template("code.html").substitute(
        status_class=css,
        status_title=escape(title),
        status_text=escape(text),
        short_code=escape(code.short_code),
        valid_from=_local(code.valid_from),
        valid_until=_local(code.valid_until),
        issuer=escape(code.issuer),
        evaluation=_evaluation_part(session, request, code, verdict, error, typed, browser),
        **facts,
    )
    page = _page(title, content, status)
    form_guard.remember_browser(request, page, browser)
    return page


def _facts(session: SessionDep, code: InspectionCode) -> dict[str, Any]:
    """Who, what and where, read from the records the code names."""
    records = RecordCache(session)
    keys = [("targets", code.target_id)]
    keys += [("inspectors", i) for i in code.inspector_ids]
    keys += [("tasks", t) for t in code.task_ids]
    keys += [("checklist_items", i) for i in code.checklist_item_ids]
    records.load(keys)
    records.load(("checklists", records.states[k].data.get("checklist_id", "")) for k in keys if k in records.states)

    def data(entity: str, record_id: str) -> dict[str, Any]:
        state = records.states.get((entity, record_id))
        return state.data if state else {}

    target = data("targets", code.target_id)
    people = [data("inspectors", i) for i in code.inspector_ids]
    categories = dict.fromkeys(data("tasks", t).get("category", "") for t in code.task_ids)
    items = [data("checklist_items", i) for i in code.checklist_item_ids]
    return {
        "target_name": escape(target.get("name", "")),
        "credit_code": escape(code.target_credit_code),
        "address": escape(target.get("address", "")),
        "inspector_count": len(people),
        "inspectors": "".join(
            f'<li><span class="name">{escape(p.get("name", ""))}</span>'
            f'<span class="cert">执法证号 {escape(p.get("certificate_no") or "")}</span></li>'
            for p in people
        ),
        "tasks": "".join(f"<li>{escape(CATEGORY_ZH.get(c, c))}</li>" for c in categories if c),
        "item_count": len(items),
        "items": _items_html(items, lambda checklist_id: data("checklists", checklist_id)),
    }


def _items_html(items: list[dict[str, Any]], checklist: Callable[[str], dict[str, Any]]) -> str:
    """The code's items under their checklist's name and version (issue 15): the frozen version the code was issued
    with, whose items the results answered and never change."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        groups.setdefault(item.get("checklist_id", ""), []).append(item)
    parts = []
    for checklist_id, group in groups.items():
        sheet = checklist(checklist_id)
        version = sheet.get("checklist_version") or group[0].get("checklist_version") or 1
        name = sheet.get("name") or "检查事项"
        lines = "".join(
            f"<li>{escape(i.get('title', ''))}<small>依据：{escape(i.get('legal_basis', ''))}</small></li>"
            for i in group
        )
        parts.append(
            f'<h3 class="checklist">{escape(name)}<small class="version">第 {int(version)} 版</small></h3>'
            f'<ol class="items">{lines}</ol>'
        )
    return "".join(parts)


def _evaluation_part(
    session: SessionDep,
    request: Request,
    code: InspectionCode,
    verdict: rules.Verdict,
    error: str,
    typed: tuple[str, str],
    browser: str,
) -> str:
    if verdict.reason not in _GENUINE:
        return '<p class="note">无法核验的检查码不能评价。</p>'
    prefix = _error(error) if error else ""
    state = evaluations.state_of(session, code)
    if state.evaluation is not None:
        return prefix + '<p class="done" id="evaluated">本次检查已评价，感谢您的反馈。每个检查码只能评价一次。</p>'
    if not state.completed:
        return prefix + '<p class="note" id="not-completed">检查完成后，可在此页对本次检查进行评价。</p>'
    if code.evaluation_token is None:
        return prefix + '<p class="note" id="no-token">此检查码签发时尚无评价码，不能在线评价。</p>'
    comment, token = typed
    return _template("evaluation_form.html").substitute(
        error=prefix,
        short_code=escape(quote(code.short_code)),
        max_comment=evaluations.MAX_COMMENT,
        comment=escape(comment),
        token=escape(token[:40]),
        csrf=escape(form_guard.csrf_token(request.app.state.keys, code.short_code, browser)),
    )
