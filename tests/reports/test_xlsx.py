"""xlsx exports: a published draw can be re-run from its own sheet; an empty progress report still exports."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import openpyxl
import pytest

import demo
from app import planning
from app.models.domain import Inspector, Plan, SamplingDraw
from app.reports.xlsx import PROGRESS_COLUMNS, export_draw, export_progress
from app.rules.sampling import SamplingConfig
from app.store import Store

TODAY = date(2025, 6, 2)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "store.sqlite3") as s:
        s.save_many(demo.generate(targets=300, seed=2, today=TODAY).all_records(), synced=True)
        yield s


def test_a_published_draw_re_runs_from_its_own_seed(store: Store, tmp_path: Path) -> None:
    plan = store.find(Plan, year=2025, category="district_random", team="公共场所科")[0]
    result = planning.prepare_draw(store, plan.id, SamplingConfig(), seed=31337)
    record = planning.create_tasks_from_draw(store, result, drawn_by="lead")
    targets = planning.targets_by_id(store, result.draw.selected_ids)
    inspectors = {i.id: i for i in store.list(Inspector)}
    path = export_draw(tmp_path / "draw.xlsx", record, plan, targets, inspectors)

    book = openpyxl.load_workbook(path)
    about = dict(book["说明 About"].iter_rows(values_only=True))
    published = [row[1] for row in book["抽取对象 Targets"].iter_rows(min_row=2, values_only=True)]
    assert about["抽取记录 / Draw record"] == record.id
    recorded = store.get(SamplingDraw, about["抽取记录 / Draw record"])
    assert int(about["随机种子 / Seed"]) == recorded.seed and planning.check_draw(recorded).identical
    assert published == recorded.target_ids == result.draw.selected_ids
    assert about["对象输入摘要 / Target inputs SHA-256"] == recorded.pool_digest
    assert about["排除无事不扰对象 / Do-not-disturb excluded"] == "是 / yes"
    staffed = list(book["检查人员 Inspectors"].iter_rows(min_row=2, values_only=True))
    assert {row[2]: row[3].split("、") for row in staffed} == {
        t: [inspectors[i].name for i in ids] for t, ids in recorded.assignments.items()
    }
    assert about["A级 比例 / 数量 · Grade A ratio / drawn"] == f"5% / {result.draw.quotas['A']}"
    names = [row[2] for row in book["抽取对象 Targets"].iter_rows(min_row=2, values_only=True)]
    assert names == [targets[i].name for i in published]


def test_the_targets_the_draw_left_out_are_published_with_their_reasons(store: Store, tmp_path: Path) -> None:
    plan = store.find(Plan, year=2025, category="district_random", team="公共场所科")[0]
    result = planning.prepare_draw(store, plan.id, SamplingConfig(), seed=7, today=TODAY)
    record = planning.create_tasks_from_draw(store, result, drawn_by="lead")
    assert record.left_out, "the demo's pool has do-not-disturb targets"
    targets = planning.targets_by_id(store, [*record.target_ids, *record.left_out])
    book = openpyxl.load_workbook(export_draw(tmp_path / "draw.xlsx", record, plan, targets, {}))

    about = dict(book["说明 About"].iter_rows(values_only=True))
    assert about["未纳入对象数 / Left out of the draw"] == len(record.left_out)
    sheet = list(book["未纳入对象 Left out"].iter_rows(values_only=True))
    assert sheet[0] == ("序号 / No.", "对象编号 / Target id", "名称 / Name", "统一社会信用代码 / Credit code",
                        "未纳入原因 / Why left out")  # fmt: skip
    rows = sheet[1:]
    assert [row[0] for row in rows] == list(range(1, len(record.left_out) + 1))
    assert {row[1]: row[4] for row in rows} == record.left_out  # every one, with the reason recorded
    assert {row[1]: (row[2], row[3]) for row in rows} == {
        t: (targets[t].name, targets[t].credit_code) for t in record.left_out
    }
    assert not set(record.left_out) & set(record.target_ids)
    assert all("/" in row[4] for row in rows)  # "中文 / English"


def test_a_draw_that_left_nothing_out_has_an_empty_left_out_sheet(store: Store, tmp_path: Path) -> None:
    plan = store.find(Plan, year=2025, category="district_random", team="公共场所科")[0]
    result = planning.prepare_draw(store, plan.id, SamplingConfig(), seed=7, today=TODAY)
    record = planning.draw_record(result).model_copy(update={"left_out": {}})
    book = openpyxl.load_workbook(export_draw(tmp_path / "draw.xlsx", record, plan, {}, {}))
    assert book["未纳入对象 Left out"].max_row == 1  # the header only
    assert dict(book["说明 About"].iter_rows(values_only=True))["未纳入对象数 / Left out of the draw"] == 0


def test_a_year_without_tasks_exports_blank_rates(store: Store, tmp_path: Path) -> None:
    report = planning.progress_report(store, TODAY, year=2030)
    book = openpyxl.load_workbook(export_progress(tmp_path / "empty.xlsx", report, {}, {}, {}))
    rows = list(book["进度 Progress"].iter_rows(values_only=True))
    assert rows[0] == tuple(PROGRESS_COLUMNS.values())
    assert rows[1][:6] == ("合计 / Total", 0, 0, 0, None, None)  # no tasks: no rate, rather than 0%
    assert book["公示 Publication"].max_row == 1
