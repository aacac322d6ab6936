"""A period's figures on a crafted data set whose counts are known by construction (tests/reports/crafted.py), its
xlsx and its paragraph."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from app.reports.figures import Rates, amount_zh, figures_for, percent, period_zh, summary_zh
from app.reports.xlsx import export_figures
from app.store import Store
from tests.reports.crafted import END, START, crafted_records


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "store.sqlite3") as s:
        s.save_many(crafted_records(), synced=True)
        yield s


def test_the_figures_of_the_period_are_those_built_in(store: Store) -> None:
    f = figures_for(store, START, END)
    assert (f.visits, f.random_visits, f.remote_checks) == (13, 9, 1)
    assert f.visits_by_industry == {"dental": 10, "hotel": 3}
    assert (f.cases, f.warnings, f.fines, f.fine_total_yuan) == (3, 1, 2, 653300)
    assert f.random_rates == {
        "national_random": Rates(total=10, completed=6, closed=2),
        "district_random": Rates(total=4, completed=3, closed=0),
        "joint_random": Rates(total=2, completed=2, closed=0),
    }
    assert (f.random_rates["national_random"].completion_rate, f.random_rates["national_random"].finish_rate) == (
        0.6,
        0.8,
    )
    assert f.random_total == Rates(total=16, completed=11, closed=2)
    assert f.code_inspections == 4
    assert (f.joint_initiated, f.joint_joined) == (3, 2)
    assert (f.evaluations, f.satisfied, f.mean_score) == (3, 2, 11 / 3)


def test_a_period_without_records_has_zeros_and_no_rates(store: Store) -> None:
    f = figures_for(store, date(2030, 1, 1), date(2030, 12, 31))
    assert (f.visits, f.cases, f.code_inspections, f.evaluations) == (0, 0, 0, 0)
    assert f.random_rates == {} and f.satisfaction_rate is None and f.random_total.completion_rate is None
    assert f.visits_by_industry == {}
    assert summary_zh(f) == (
        "2030年，共监督检查0户次，其中双随机抽查0户次。对卫生违法行为立案处罚0件。"
        "通过检查码完成监督0户次，主动发起联合检查0次，配合其他部门联合检查0次。期内暂无查后评价。"
    )


def test_the_summary_reads_like_the_reports(store: Store) -> None:
    assert summary_zh(figures_for(store, START, END)) == (
        "2026年1月至11月，共监督检查13户次，其中双随机抽查9户次，另开展无感检查1户次。"
        "按行业分，口腔诊所10户次、宾馆旅馆3户次。"
        "国抽任务10件，完成6件，任务关闭2件，完成率60%，完结率80%。"
        "区抽任务4件，完成3件，任务关闭0件，完成率75%，完结率75%。"
        "联合双随机任务2件，完成2件，任务关闭0件，完成率100%，完结率100%。"
        "对卫生违法行为立案处罚3件，其中警告1件，罚款2件，罚款金额合计65.33万元。"
        "通过检查码完成监督4户次，主动发起联合检查3次，配合其他部门联合检查2次。"
        "查后评价3户，满意度为66.7%。"
    )


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        (date(2026, 1, 1), date(2026, 12, 31), "2026年"),
        (date(2026, 3, 1), date(2026, 3, 31), "2026年3月"),
        (date(2024, 1, 1), date(2024, 10, 31), "2024年1月至10月"),
        (date(2025, 12, 1), date(2026, 2, 28), "2025年12月至2026年2月"),
        (date(2026, 1, 5), date(2026, 11, 27), "2026年1月5日至11月27日"),
        (date(2025, 12, 5), date(2026, 1, 2), "2025年12月5日至2026年1月2日"),
        (date(2026, 6, 1), date(2026, 6, 1), "2026年6月1日"),
    ],
)
def test_periods_are_written_as_the_reports_write_them(start: date, end: date, text: str) -> None:
    assert period_zh(start, end) == text


def test_rates_and_amounts_are_written_as_the_reports_write_them() -> None:
    assert [percent(x) for x in (381 / 397, 1.0, 0.0, 2 / 3, None)] == ["96%", "100%", "0%", "66.7%", "—"]
    assert [amount_zh(x) for x in (653300, 360300, 10000, 9999, 0)] == [
        "65.33万元", "36.03万元", "1万元", "9999元", "0元"
    ]  # fmt: skip


def test_the_xlsx_holds_the_figures_rates_and_paragraph(store: Store, tmp_path: Path) -> None:
    f = figures_for(store, START, END)
    labels = {"national_random": "国抽 / national random"}
    book = openpyxl.load_workbook(export_figures(tmp_path / "figures.xlsx", f, labels))
    about = dict(book["说明 About"].iter_rows(values_only=True))
    assert about["统计期间 / Period"] == "2026-01-01 – 2026-11-30" and about["情况综述 / Summary"] == summary_zh(f)
    values = dict(book["指标 Figures"].iter_rows(min_row=2, values_only=True))
    assert values["监督检查户次 / Visits"] == 13 and values["罚款金额（元） / Fines in yuan"] == 653300
    assert values["主动发起联合检查次数 / Joint checks initiated"] == 3 and values["满意度 / Satisfaction"] == 0.6667
    rates = list(book["双随机 Random tasks"].iter_rows(min_row=2, values_only=True))
    assert rates[0] == ("国抽 / national random", 10, 6, 2, 0.6, 0.8)
    assert rates[-1] == ("合计 / Total", 16, 11, 2, 0.6875, 0.8125)
    assert book["双随机 Random tasks"]["E2"].number_format == "0.0%"
    industries = book["行业户次 Industries"].iter_rows(min_row=2, values_only=True)
    assert list(industries) == [("口腔诊所", 10), ("宾馆旅馆", 3)]
