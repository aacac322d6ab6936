"""An inspection worth documenting: a dental clinic, two inspectors, two checklists, answers, a photo, signatures,
and a correction order, all written through the store under a real code."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from app.models import Checklist, ChecklistItem, CorrectionOrder, Inspector, ItemResult, SignerRole
from app.models.domain import Inspection
from app.onsite.evidence import import_photo
from app.onsite.signatures import Signer, sign, signers_of
from app.store import Store
from tests.helpers.gate import ME, PARTNER, code_world
from tests.onsite.evidence_helpers import jpeg
from tests.store.conftest import target

CERTIFICATES = ("沪卫执0105001", "沪卫执0105002")
TARGET_NAME = "上海天山口腔门诊部"


@dataclass
class Documented:
    store: Store
    inspection: Inspection
    items: list[ChecklistItem]
    order: CorrectionOrder


def signature_png(text_width: int = 220) -> bytes:
    image = Image.new("RGBA", (300, 110), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.line([(20, 70), (80, 25), (140, 80), (text_width, 30), (280, 75)], fill=(10, 10, 60, 255), width=5)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _checklists() -> tuple[list[Checklist], list[ChecklistItem]]:
    dental = Checklist(code="KQ", name="口腔诊疗机构检查表", industry="dental")
    waste = Checklist(code="YF", name="医疗废物管理检查表", industry="dental")
    titles = [
        (dental, "执业许可证在有效期内并按核准科目执业", "《医疗机构管理条例》第二十二条"),
        (dental, "口腔器械一人一用一消毒（灭菌）", "《医疗机构消毒技术规范》"),
        (dental, "医务人员具有相应执业资格", "《中华人民共和国医师法》第十三条"),
        (waste, "医疗废物分类收集、暂存并交有资质单位处置", "《医疗废物管理条例》第十六条"),
    ]
    items = [
        ChecklistItem(checklist_id=c.id, code=f"{c.code}-{n}", title=t, legal_basis=b, industry="dental", position=n)
        for n, (c, t, b) in enumerate(titles, 1)
    ]
    return [dental, waste], items


@pytest.fixture
def documented(tmp_path: Path) -> Iterator[Documented]:
    with Store.open(tmp_path / "user" / "store.sqlite3") as store:
        yield documented_inspection(store, tmp_path)


def documented_inspection(store: Store, tmp_path: Path) -> Documented:
    checklists, items = _checklists()
    people = [
        Inspector(id=ME, name="张明", username="zhang", certificate_no=CERTIFICATES[0], team="医疗卫生监督一科"),
        Inspector(id=PARTNER, name="李华", username="li", certificate_no=CERTIFICATES[1], team="医疗卫生监督一科"),
    ]
    store.save_many([*checklists, *items, *people], synced=True)
    world = code_world(store, target(TARGET_NAME, licences=["PDY12345631010515D2152"]))
    code = world.code(checklist_item_ids=[i.id for i in items])
    inspection = world.inspection(code)
    answers = ["compliant", "non_compliant", "compliant", "not_applicable"]
    notes = ["", "2号诊室高速手机未见灭菌记录", "", "本单位医疗废物由集团统一处置"]
    for item, answer, note in zip(items, answers, notes, strict=True):
        store.save(ItemResult(inspection_id=inspection.id, code_id=code.id, item_id=item.id, result=answer, note=note))
    photo = jpeg(tmp_path / "IMG_0001.JPG", taken="2026:11:20 10:15:00", offset="+08:00")
    import_photo(store, inspection, photo, item_id=items[1].id, caption="2号诊室器械盒")
    for signer in signers_of(store, inspection)[:2]:
        sign(store, inspection, signer, signature_png())
    sign(store, inspection, Signer(SignerRole.PARTY, "王经理"), signature_png(180))
    order = store.save(
        CorrectionOrder(
            inspection_id=inspection.id,
            code_id=code.id,
            target_id=code.target_id,
            item_ids=[items[1].id],
            requirements="建立口腔器械灭菌登记制度，每批次灭菌记录保存备查",
            deadline=date(2026, 12, 20),
        )
    )
    return Documented(store, inspection, items, order)


@contextmanager
def read_only_folder(path: Path) -> Iterator[Path]:
    """A folder nobody can write to, not even root (who ignores permission bits): immutable when we are root."""
    path.mkdir()
    (path / "kept.txt").write_text("之前的文件")
    if os.geteuid() != 0:
        path.chmod(0o555)
        try:
            yield path
        finally:
            path.chmod(0o755)
        return
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(path)], check=False).returncode != 0:
        pytest.skip("running as root, and the file system cannot make a folder immutable")
    try:
        yield path
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)
