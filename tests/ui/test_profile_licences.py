"""The profile's licences as records (issue 15): each kind and number, its expiry, an expired one marked in red and
one expiring within 90 days in orange with the days left; a licence kept as a text line reads the same."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from app.models import Licence
from app.store import Store
from app.ui.target_profile import BAD, WARN, TargetProfileView
from tests.store.conftest import target


def test_licences_show_their_expiry_and_mark_expired_and_expiring(qtbot, tmp_path: Path, make_runner) -> None:
    today = date.today()
    licences = [
        Licence(kind="公共场所卫生许可证", number="沪长卫公字〔2021〕第0007号", expires_on=today - timedelta(days=3)),
        Licence(kind="医疗机构执业许可证", number="登记号 PDY00012", expires_on=today + timedelta(days=30)),
        Licence(kind="放射诊疗许可证", number="沪卫放证字〔2025〕第0101号", expires_on=today + timedelta(days=400)),
    ]
    with Store.open(tmp_path / "store.sqlite3") as store:
        hotel = store.save(target("长宁宾馆", licences=[*licences, "营业执照"]))
        view = TargetProfileView(make_runner(store))
        qtbot.add_widget(view)
        with qtbot.waitSignal(view.shown, timeout=10_000):
            view.show_target(hotel.id)
        text = view.licences_body.text()
    lines = text.split("<br/>")
    assert len(lines) == 4 and "营业执照" in lines[3]
    assert BAD in lines[0] and f"已于 {(today - timedelta(days=3)).isoformat()} 过期" in lines[0]
    assert WARN in lines[1] and "（30 天后到期）" in lines[1] and "登记号 PDY00012" in lines[1]
    assert BAD not in lines[2] and WARN not in lines[2]
    assert f"有效期至 {(today + timedelta(days=400)).isoformat()}" in lines[2]
