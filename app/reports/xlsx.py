"""xlsx exports with openpyxl: a recorded draw for publication (双随机、一公开), the progress report and a period's
figures.

Each workbook opens with a sheet that says what it is and how to check it (for a draw: the seed and the inputs'
digest, so anyone can re-run it); the data sheets have bilingual headers, frozen, with widths set for Chinese text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.models.domain import Inspector, Plan, SamplingDraw, Target
from app.reports.figures import Figures, Rates, industry_zh, period_zh, summary_zh
from app.rules.deadlines import PenaltyPublication, Publication, PublicationStatus
from app.rules.progress import Progress, ProgressReport
from app.rules.sampling import (
    ASSIGNMENT_COLUMNS,
    DRAW_COLUMNS,
    GRADE_ORDER,
    SelectionReason,
    assignments_to_rows,
    draw_inputs,
    draw_to_rows,
)

_BOLD = Font(bold=True)
_OVERDUE = PatternFill("solid", fgColor="F8D7DA")

PROGRESS_COLUMNS = {
    "group": "分组 / Group",
    "total": "任务数 / Tasks",
    "completed": "已完成 / Completed",
    "closed": "已关闭 / Closed",
    "completion_rate": "完成率 / Completion rate",
    "finish_rate": "完结率 / Finish rate",
    "visits": "户次 / Visits",
    "overdue": "逾期任务 / Overdue tasks",
    "evaluations": "评价数 / Evaluations",
    "mean_score": "平均评分 / Mean score",
}
LEFT_OUT_COLUMNS = {
    "seq": "序号 / No.",
    "target_id": "对象编号 / Target id",
    "name": "名称 / Name",
    "credit_code": "统一社会信用代码 / Credit code",
    "reason": "未纳入原因 / Why left out",
}
PUBLICATION_COLUMNS = {
    "task_id": "任务编号 / Task id",
    "target": "检查对象 / Target",
    "category": "任务分类 / Category",
    "ended_on": "任务结束 / Task ended",
    "due": "公示期限 / Publish by",
    "estimated": "期限为估算 / Estimated",
    "published_on": "公示日期 / Published on",
    "status": "公示状态 / Status",
}
PENALTY_COLUMNS = {
    "decision_no": "处罚决定书文号 / Decision no.",
    "target": "检查对象 / Target",
    "decided_on": "决定日期 / Decided on",
    "summary": "处罚内容 / Summary",
    "due": "公示期限 / Publish by",
    "published_on": "公示日期 / Published on",
    "status": "公示状态 / Status",
}
VERIFY_NOTE = (
    "以记录中的随机种子和输入重新运行抽取，结果应与本表完全一致 / re-running the draw from the recorded seed and "
    "inputs gives exactly these rows"
)
SELECTION_REASON_ZH = {
    SelectionReason.RANDOM: "随机抽取 / random",
    SelectionReason.COMPLAINT: "投诉举报纳入 / complaint",
}
PUBLICATION_STATUS_ZH = {
    PublicationStatus.PENDING: "待公示 / pending",
    PublicationStatus.ON_TIME: "按时公示 / on time",
    PublicationStatus.LATE: "逾期公示 / late",
    PublicationStatus.OVERDUE: "逾期未公示 / overdue",
}


def _sheet(ws: Worksheet, columns: Mapping[str, str], rows: Sequence[Mapping[str, object]]) -> None:
    ws.append(list(columns.values()))
    for cell in ws[1]:
        cell.font = _BOLD
    for row in rows:
        ws.append([row.get(key, "") for key in columns])
    ws.freeze_panes = "A2"
    for index, key in enumerate(columns, start=1):
        longest = max([len(str(columns[key])), *(len(str(r.get(key, ""))) for r in rows[:500])])
        ws.column_dimensions[get_column_letter(index)].width = min(60, 2 + longest * 1.6)


def _about(ws: Worksheet, lines: Sequence[tuple[str, object]]) -> None:
    ws.title = "说明 About"
    for label, value in lines:
        ws.append([label, value])
        ws.cell(ws.max_row, 1).font = _BOLD
    ws.column_dimensions["A"].width = 36
    ws.column_dimensions["B"].width = 80


def export_draw(
    path: Path,
    record: SamplingDraw,
    plan: Plan,
    targets: Mapping[str, Target],
    inspectors: Mapping[str, Inspector],
) -> Path:
    """The draw for publication: what was drawn and how to re-run it (seed, rules, inputs' digests), and the pool's
    targets it left out with why. `targets` names the drawn and the left-out targets."""
    draw, staff = draw_inputs(record)
    wb = Workbook()
    _about(
        wb.active,
        [
            ("计划编号 / Plan no.", plan.plan_no),
            ("计划名称 / Plan", plan.name),
            ("抽取记录 / Draw record", record.id),
            ("抽取时间 / Drawn at (UTC)", record.drawn_at.strftime("%Y-%m-%d %H:%M:%S")),
            ("随机种子 / Seed", str(record.seed)),  # text: a 63-bit seed does not fit Excel's 15 significant digits
            ("对象抽取算法 / Target algorithm", draw.algorithm),
            ("对象输入摘要 / Target inputs SHA-256", record.pool_digest),
            ("人员抽取算法 / Inspector algorithm", staff.algorithm),
            ("人员输入摘要 / Inspector inputs SHA-256", record.inspector_digest),
            ("对象库数量 / Pool size", record.pool_size),
            ("排除无事不扰对象 / Do-not-disturb excluded", _yes_no(record.exclude_do_not_disturb)),
            ("纳入投诉举报对象 / Complaints included", _yes_no(record.include_complaints)),
            ("无事不扰排除数 / Do-not-disturb left out", len(draw.excluded_ids)),
            ("未纳入对象数 / Left out of the draw", len(record.left_out)),
            ("每项任务监督员 / Inspectors per task", record.per_task),
            *(
                (
                    f"{g.value}级 比例 / 数量 · Grade {g.value} ratio / drawn",
                    f"{draw.config.ratios[g]:.0%} / {draw.quotas[g]}",
                )
                for g in GRADE_ORDER
            ),
            *(
                (("等级比例调整理由 / Why not the grades' ratios", record.grade_override_reason),)
                if record.grade_override_reason
                else ()
            ),
            ("复核方法 / How to verify", VERIFY_NOTE),
        ],
    )
    rows = [
        {**row, "reason": SELECTION_REASON_ZH[SelectionReason(row["reason"])]} for row in draw_to_rows(draw, targets)
    ]
    _sheet(wb.create_sheet("抽取对象 Targets"), DRAW_COLUMNS, rows)
    _sheet(wb.create_sheet("检查人员 Inspectors"), ASSIGNMENT_COLUMNS, assignments_to_rows(staff, inspectors))
    _sheet(wb.create_sheet("未纳入对象 Left out"), LEFT_OUT_COLUMNS, left_out_rows(record, targets))
    wb.save(path)
    return path


def left_out_rows(record: SamplingDraw, targets: Mapping[str, Target]) -> list[dict[str, object]]:
    """The targets of the plan's pool the draw could not take (无事不扰, the yearly cap, the repeat-visit guard), each
    with its reason as recorded ("中文 / English"), keyed as LEFT_OUT_COLUMNS; by name, then id."""
    found = sorted(record.left_out.items(), key=lambda item: (_name(targets, item[0]), item[0]))
    return [
        {
            "seq": seq,
            "target_id": target_id,
            "name": targets[target_id].name if target_id in targets else "",
            "credit_code": targets[target_id].credit_code if target_id in targets else "",
            "reason": reason,
        }
        for seq, (target_id, reason) in enumerate(found, start=1)
    ]


def _yes_no(value: bool) -> str:
    return "是 / yes" if value else "否 / no"


def _progress_row(group: str, p: Progress) -> dict[str, object]:
    return {
        "group": group,
        "total": p.total,
        "completed": p.completed,
        "closed": p.closed,
        "completion_rate": "" if p.completion_rate is None else round(p.completion_rate, 4),
        "finish_rate": "" if p.finish_rate is None else round(p.finish_rate, 4),
        "visits": p.visits,
        "overdue": len(p.overdue_task_ids),
        "evaluations": p.evaluations,
        "mean_score": "" if p.mean_score is None else round(p.mean_score, 2),
    }


def progress_rows(report: ProgressReport, category_label: Mapping[str, str]) -> list[dict[str, object]]:
    """Overall first, then each category, then each team."""
    rows = [_progress_row("合计 / Total", report.overall)]
    rows += [_progress_row(category_label.get(c, c), p) for c, p in report.by_category.items()]
    rows += [_progress_row(team, p) for team, p in report.by_team.items()]
    return rows


def export_progress(
    path: Path,
    report: ProgressReport,
    targets: Mapping[str, Target],
    plans: Mapping[str, Plan],
    category_label: Mapping[str, str],
) -> Path:
    """Progress, closed tasks by reason, overdue tasks and publication deadlines; overdue publications shaded."""
    wb = Workbook()
    scope = "全部 / all" if report.year is None else str(report.year)
    _about(wb.active, [("统计日期 / As of", report.today.isoformat()), ("计划年度 / Plan year", scope)])
    ws = wb.create_sheet("进度 Progress")
    _sheet(ws, PROGRESS_COLUMNS, progress_rows(report, category_label))
    for row in ws.iter_rows(min_row=2, min_col=5, max_col=6):
        for cell in row:
            cell.number_format = "0.0%"
    closed = [{"reason": r, "count": n} for r, n in report.overall.closed_by_reason.items()]
    _sheet(wb.create_sheet("关闭原因 Closed"), {"reason": "关闭原因 / Reason", "count": "任务数 / Tasks"}, closed)
    overdue = [
        {
            "task_id": t.id,
            "target": _name(targets, t.target_id),
            "plan": plans[t.plan_id].name if t.plan_id in plans else t.plan_id,
            "due_on": t.due_on.isoformat() if t.due_on else "",
        }
        for t in report.overdue
    ]
    overdue_columns = {
        "task_id": "任务编号 / Task id",
        "target": "检查对象 / Target",
        "plan": "检查计划 / Plan",
        "due_on": "应完成日期 / Due",
    }
    _sheet(wb.create_sheet("逾期任务 Overdue"), overdue_columns, overdue)
    ws = wb.create_sheet("公示 Publication")
    _sheet(ws, PUBLICATION_COLUMNS, [_publication_row(p, targets, category_label) for p in report.publications])
    _shade_overdue(ws, report.publications)
    ws = wb.create_sheet("处罚公示 Penalties")
    _sheet(ws, PENALTY_COLUMNS, [_penalty_row(p, targets) for p in report.penalties])
    _shade_overdue(ws, report.penalties)
    wb.save(path)
    return path


def _shade_overdue(ws: Worksheet, rows: Sequence[Publication | PenaltyPublication]) -> None:
    for index, row in enumerate(rows, start=2):
        if row.status == PublicationStatus.OVERDUE:
            for cell in ws[index]:
                cell.fill = _OVERDUE


def _penalty_row(p: PenaltyPublication, targets: Mapping[str, Target]) -> dict[str, object]:
    return {
        "decision_no": p.penalty.decision_no,
        "target": _name(targets, p.penalty.target_id),
        "decided_on": p.penalty.decided_on.isoformat(),
        "summary": p.penalty.summary,
        "due": p.deadline.due.isoformat() + ("（估算 / estimated）" if p.deadline.estimated else ""),
        "published_on": p.penalty.published_on.isoformat() if p.penalty.published_on else "",
        "status": PUBLICATION_STATUS_ZH[p.status],
    }


def _name(targets: Mapping[str, Target], target_id: str) -> str:
    target = targets.get(target_id)
    return target.name if target else target_id


def _publication_row(
    p: Publication, targets: Mapping[str, Target], category_label: Mapping[str, str]
) -> dict[str, object]:
    return {
        "task_id": p.task.id,
        "target": _name(targets, p.task.target_id),
        "category": category_label.get(p.task.category, p.task.category),
        "ended_on": p.ended_on.isoformat(),
        "due": p.deadline.due.isoformat(),
        "estimated": "是 / yes" if p.deadline.estimated else "",
        "published_on": p.task.results_published_on.isoformat() if p.task.results_published_on else "",
        "status": PUBLICATION_STATUS_ZH[p.status],
    }


FIGURE_COLUMNS = {"figure": "指标 / Figure", "value": "数值 / Value"}
INDUSTRY_COLUMNS = {"industry": "行业 / Industry", "visits": "户次 / Visits"}
RATE_COLUMNS = {
    "category": "任务分类 / Category",
    "total": "任务数 / Tasks",
    "completed": "已完成 / Completed",
    "closed": "任务关闭 / Closed",
    "completion_rate": "完成率 / Completion rate",
    "finish_rate": "完结率 / Finish rate",
}


def figure_rows(f: Figures) -> list[dict[str, object]]:
    """The period's figures, one a row, with bilingual names (rates as fractions, blank without tasks)."""
    rows: list[tuple[str, object]] = [
        ("监督检查户次 / Visits", f.visits),
        ("其中双随机抽查户次 / Random-inspection visits", f.random_visits),
        ("无感检查户次 / Remote checks", f.remote_checks),
        ("立案处罚件数 / Cases (penalty decisions)", f.cases),
        ("其中警告 / Warnings", f.warnings),
        ("其中罚款 / Fines", f.fines),
        ("罚款金额（元） / Fines in yuan", f.fine_total_yuan),
        ("吊销许可证 / Licences revoked", f.revocations),
        ("立案件数 / Cases opened", f.cases_opened),
        ("不予处罚件数 / No-penalty decisions", f.no_penalty),
        ("移送及协查（发出） / Referrals sent", f.referrals_sent),
        ("移送及协查（接收） / Referrals received", f.referrals_received),
        ("通过检查码完成监督户次 / Inspections under codes", f.code_inspections),
        ("主动发起联合检查次数 / Joint checks initiated", f.joint_initiated),
        ("配合其他部门联合检查次数 / Joint checks joined", f.joint_joined),
        ("查后评价数 / Evaluations", f.evaluations),
        ("满意评价数（4–5分） / Satisfied (score 4–5)", f.satisfied),
        ("满意度 / Satisfaction", "" if f.satisfaction_rate is None else round(f.satisfaction_rate, 4)),
        ("平均评分 / Mean score", "" if f.mean_score is None else round(f.mean_score, 2)),
    ]
    return [{"figure": name, "value": value} for name, value in rows]


def _rate_row(label: str, r: Rates) -> dict[str, object]:
    return {
        "category": label,
        "total": r.total,
        "completed": r.completed,
        "closed": r.closed,
        "completion_rate": "" if r.completion_rate is None else round(r.completion_rate, 4),
        "finish_rate": "" if r.finish_rate is None else round(r.finish_rate, 4),
    }


def export_figures(path: Path, f: Figures, category_label: Mapping[str, str]) -> Path:
    """A period's figures: the period and its summary paragraph, the figures, visits per industry, and the random
    tasks' rates."""
    wb = Workbook()
    _about(
        wb.active,
        [
            ("统计期间 / Period", f"{f.start.isoformat()} – {f.end.isoformat()}"),
            ("期间 / Period (zh)", period_zh(f.start, f.end)),
            ("情况综述 / Summary", summary_zh(f)),
        ],
    )
    wb.active.cell(3, 2).alignment = Alignment(wrap_text=True, vertical="top")
    ws = wb.create_sheet("指标 Figures")
    _sheet(ws, FIGURE_COLUMNS, figure_rows(f))
    for name, cell in ws.iter_rows(min_row=2, max_col=2):
        if name.value == "满意度 / Satisfaction":
            cell.number_format = "0.0%"
    industries = [{"industry": industry_zh(i), "visits": n} for i, n in f.visits_by_industry.items()]
    _sheet(wb.create_sheet("行业户次 Industries"), INDUSTRY_COLUMNS, industries)
    rows = [_rate_row(category_label.get(c, c), r) for c, r in f.random_rates.items()]
    rows.append(_rate_row("合计 / Total", f.random_total))
    ws = wb.create_sheet("双随机 Random tasks")
    _sheet(ws, RATE_COLUMNS, rows)
    for row in ws.iter_rows(min_row=2, min_col=5, max_col=6):
        for cell in row:
            cell.number_format = "0.0%"
    wb.save(path)
    return path
