"""The public re-run of a 双随机 draw: `GET /d/{draw_id}` re-runs a recorded draw on the server from its own published
inputs (the pool and the team with their digests, the rules, the seed) and says whether it draws the same targets
and inspectors, and whether the seed is the one whose SHA-256 the plan filed before the draw (server/draw_rule.py).
`GET /d/{draw_id}/inputs.json` gives the inputs, so anyone can re-run it with their own copy of app/rules/sampling.py.
Plain server-rendered HTML, no script; the same CSP and framing rules as the code page.
"""

from __future__ import annotations

from html import escape

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, JSONResponse

from app.models.domain import SamplingDraw
from app.models.limits import Id
from server import draw_rule
from server.api import form_guard
from server.api.deps import SessionDep
from server.api.routes.public import _page, _style
from server.db.tables import RecordRow

router = APIRouter(tags=["public"], include_in_schema=False)


def _record(session: SessionDep, entity: str, record_id: str) -> dict | None:
    row = session.get(RecordRow, (entity, record_id))
    return None if row is None or row.deleted else row.data


def _not_found() -> HTMLResponse:
    return _page("抽取记录不存在", "<h1>抽取记录不存在</h1><p>没有这个抽取记录，请核对链接。</p>", 404)


def _mark(ok: bool | None) -> str:
    if ok is None:
        return '<span class="warn">计划未备案种子哈希</span>'
    return '<span class="ok">✓ 一致</span>' if ok else '<span class="bad">✗ 不一致</span>'


@router.get("/d/{draw_id}", response_class=HTMLResponse)
def get_draw_page(draw_id: Id, session: SessionDep) -> HTMLResponse:
    data = _record(session, "sampling_draws", draw_id)
    if data is None:
        return _not_found()
    draw = SamplingDraw.model_validate(data)
    plan = _record(session, "plans", draw.plan_id) or {}
    result = draw_rule.rerun(draw, plan.get("seed_hash"))
    verdict = (
        '<p id="status" class="status ok"><strong>✓ 复核一致：按公布的输入重新抽取，结果与记录相同。</strong></p>'
        if result.identical
        else '<p id="status" class="status bad"><strong>✗ 复核不一致：此抽取结果不可信。</strong></p>'
    )
    rows = [
        ("检查计划", f"{escape(plan.get('plan_no', ''))} {escape(plan.get('name', ''))}"),
        ("抽取时间", escape(draw.drawn_at.isoformat(timespec="seconds"))),
        ("随机种子（抽取后公布）", str(draw.seed)),
        ("种子哈希（抽取前备案）", f"<code>{escape(result.filed_hash or '—')}</code>"),
        ("种子哈希（按公布的种子计算）", f"<code>{draw_rule.seed_hash(draw.seed)}</code>"),
        ("种子与备案相符", _mark(result.seed_matches)),
        ("对象池", f"{draw.pool_size} 户，摘要 <code>{escape(draw.pool_digest)}</code>"),
        ("抽中对象", f"{len(draw.target_ids)} 户 {_mark(result.same_targets)}"),
        ("监督员分配", f"{len(draw.assignments)} 组 {_mark(result.same_inspectors)}"),
        ("输入摘要", _mark(result.same_digests)),
    ]
    table = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    error = f"<p class='bad'>{escape(result.error)}</p>" if result.error else ""
    content = (
        f"<h1>双随机抽取复核</h1>{verdict}{error}<table id='draw'>{table}</table>"
        f"<p><a href='/d/{escape(draw.id)}/inputs.json'>下载公布的抽取输入（JSON）</a>，可自行复核。</p>"
    )
    return _page("双随机抽取复核", content)


@router.get("/d/{draw_id}/inputs.json")
def get_draw_inputs(draw_id: Id, session: SessionDep) -> JSONResponse:
    data = _record(session, "sampling_draws", draw_id)
    if data is None:
        return form_guard.secure(JSONResponse({"code": "not_found", "message": "没有这个抽取记录"}, 404), _style())
    draw = SamplingDraw.model_validate(data)
    plan = _record(session, "plans", draw.plan_id) or {}
    body = {
        "draw_id": draw.id,
        "plan_no": plan.get("plan_no"),
        "seed": draw.seed,
        "seed_hash_filed": plan.get("seed_hash"),
        "pool_digest": draw.pool_digest,
        "inspector_digest": draw.inspector_digest,
        "target_ids": draw.target_ids,
        "assignments": draw.assignments,
        "inputs": draw.inputs,
    }
    return form_guard.secure(JSONResponse(body), _style())
