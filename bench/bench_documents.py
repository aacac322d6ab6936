"""Evidence and documents: the time to take in a 12-megapixel photo, to make its thumbnail, to make each document,
and to render a page for the preview; a 200-item site record beside the realistic 20-item one.

Run: `.venv/bin/python bench/bench_documents.py [--page-png docs/pdf-page.png]`. Prints best-of-N wall times; with
--page-png also writes page 1 of the realistic 现场检查笔录 at 80 dpi (pdftoppm), the picture in docs/.
"""

from __future__ import annotations

import argparse
import io
import math
import subprocess
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from PIL import ExifTags, Image, ImageDraw

from app.documents import DocumentKind, make
from app.models import ChecklistItem, CorrectionOrder, Inspector, ItemResult, SignerRole, Target
from app.models.domain import Inspection
from app.onsite.evidence import import_photo
from app.onsite.signatures import Signer, sign, signers_of
from app.resources import load_catalogue
from app.rules.codes import generate_key, issue
from app.rules.credit_code import make as make_credit_code
from app.store import Store
from app.store.db import USER_INSPECTOR_ID
from app.ui.onsite.document_preview import DPI, render_pages

REPEATS = 3
NOTES = {
    "DEN": "2号诊室高速手机未见灭菌记录，现场抽查3支均未独立包装",
    "INF": "预检分诊处未设置发热患者登记本",
    "MWS": "医疗废物暂存点未张贴警示标识",
}


def best_of(fn: Callable[[], object], repeats: int = REPEATS) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def photo(path: Path, size: tuple[int, int], taken: datetime) -> Path:
    """A camera-sized JPEG with EXIF time taken: noise over a gradient, so it compresses like a photo."""
    base = Image.linear_gradient("L").resize(size).convert("RGB")
    noise = Image.effect_noise(size, 40).convert("RGB")
    exif = Image.Exif()
    ifd = exif.get_ifd(ExifTags.IFD.Exif)
    ifd[ExifTags.Base.DateTimeOriginal] = taken.strftime("%Y:%m:%d %H:%M:%S")
    ifd[ExifTags.Base.OffsetTimeOriginal] = "+08:00"
    Image.blend(base, noise, 0.35).save(path, "JPEG", quality=92, exif=exif)
    return path


def scribble(seed: int) -> bytes:
    """A hand-signature-like stroke (a signer's pad output stands in for it in a benchmark)."""
    image = Image.new("RGBA", (600, 200), (255, 255, 255, 0))
    points = [(40 + x * 5.2, 110 + 45 * math.sin(x / (4 + seed)) * math.cos(x / 13) - x * 0.25) for x in range(100)]
    ImageDraw.Draw(image).line(points, fill=(15, 20, 70, 255), width=5, joint="curve")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def inspection_with(store: Store, items: list[ChecklistItem], folder: Path) -> Inspection:
    """A dental clinic inspected under a real code by two inspectors: answers, three photos, signatures, an order."""
    private, public, key_id = generate_key()
    store.set_signing_keys({key_id: public})
    me = Inspector(name="张明", username="zhangming", certificate_no="沪卫执0105001", team="医疗卫生监督一科")
    partner = Inspector(name="李华", username="lihua", certificate_no="沪卫执0105002", team="医疗卫生监督一科")
    store.set_meta(USER_INSPECTOR_ID, me.id)
    target = Target(
        credit_code=make_credit_code("91310105MA1K00001"),
        name="上海天山口腔门诊部有限公司",
        industry="dental",
        street="天山路街道",
        address="上海市长宁区天山路100号2楼",
        licences=["PDY12345631010517D2152"],
    )
    store.save_many([me, partner, target], synced=True)
    start = datetime.now(UTC) - timedelta(hours=1)
    code = issue(
        target_id=target.id,
        target_credit_code=target.credit_code,
        task_ids=["task-1"],
        inspector_ids=[me.id, partner.id],
        checklist_item_ids=[i.id for i in items],
        valid_from=start,
        valid_until=start + timedelta(hours=8),
        issuer="上海市长宁区卫生健康委员会",
        private_key=private,
    )
    store.save_many([code], synced=True)
    inspection = store.save(
        Inspection(code_id=code.id, target_id=target.id, task_ids=code.task_ids, inspector_ids=code.inspector_ids)
    )
    wrong: list[ChecklistItem] = []
    for item in items:
        prefix = item.code.split("-")[0]
        result, note = "compliant", ""
        if prefix in NOTES and item.code.split("-")[1] == "02":
            result, note = "non_compliant", NOTES[prefix]
            wrong.append(item)
        store.save(ItemResult(inspection_id=inspection.id, code_id=code.id, item_id=item.id, result=result, note=note))
    captions = ["2号诊室器械盒", "预检分诊台", "医疗废物暂存点"]
    for n, (item, caption) in enumerate(zip(wrong, captions, strict=False)):
        taken = datetime(2026, 11, 20, 10, 5 + 7 * n, tzinfo=UTC)
        import_photo(store, inspection, photo(folder / f"IMG_{n:04d}.JPG", (800, 600), taken), item.id, caption)
    for n, signer in enumerate(signers_of(store, inspection)[:2]):
        sign(store, inspection, signer, scribble(n))
    sign(store, inspection, Signer(SignerRole.PARTY, "王建国"), scribble(5))
    store.save(
        CorrectionOrder(
            inspection_id=inspection.id,
            code_id=code.id,
            target_id=target.id,
            item_ids=[i.id for i in wrong],
            requirements="建立口腔器械清洗消毒灭菌登记制度，规范预检分诊和医疗废物暂存管理",
            deadline=date(2026, 12, 20),
        )
    )
    return inspection


def realistic_items(store: Store) -> list[ChecklistItem]:
    """A dental clinic's checklists from the catalogue: dental, infection control, medical waste."""
    checklists, items = load_catalogue()
    store.save_many([*checklists, *items], synced=True)
    wanted = [c.id for c in checklists if c.code in ("DEN", "INF", "MWS")]
    return [i for c in wanted for i in items if i.checklist_id == c]


def many_items(store: Store, count: int) -> list[ChecklistItem]:
    """`count` items: the catalogue's, copied over and over."""
    checklists, items = load_catalogue()
    extra = [
        item.model_copy(update={"id": f"{item.id}-{n}", "code": f"{item.code}-{n}", "position": n})
        for n in range(count // len(items) + 1)
        for item in items
    ]
    store.save_many([*checklists, *extra[:count]], synced=True)
    return extra[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--page-png", type=Path, help="write page 1 of the realistic site record here (80 dpi)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with Store.open(folder / "realistic" / "store.sqlite3") as store:
            inspection = inspection_with(store, realistic_items(store), folder)
            if args.page_png:
                page_png(make(store, inspection.id, DocumentKind.SITE_RECORD), args.page_png, folder)
            big = photo(folder / "big.jpg", (4000, 3000), datetime(2026, 11, 20, 10, 30, tzinfo=UTC))
            seconds, evidence = best_of(lambda: import_photo(store, inspection, big), repeats=1)
            print(f"import a 12 MP photo ({big.stat().st_size / 1e6:.1f} MB): {seconds * 1000:.0f} ms")
            seconds, _ = best_of(lambda: store.blobs.thumbnail(evidence.sha256), repeats=1)
            print(f"its thumbnail, first time: {seconds * 1000:.0f} ms")
            for kind in DocumentKind:
                seconds, pdf = best_of(lambda kind=kind: make(store, inspection.id, kind))
                print(f"make {kind.value} (20 items): {seconds * 1000:.0f} ms, {len(pdf) / 1024:.0f} KiB")
            record = make(store, inspection.id, DocumentKind.SITE_RECORD)
            seconds, pages = best_of(lambda: render_pages(record, DPI))
            print(f"render {len(pages)} pages for the preview at {DPI} dpi: {seconds * 1000:.0f} ms")
        with Store.open(folder / "big" / "store.sqlite3") as store:
            inspection = inspection_with(store, many_items(store, 200), folder)
            seconds, pdf = best_of(lambda: make(store, inspection.id, DocumentKind.SITE_RECORD))
            print(f"make site_record (200 items): {seconds * 1000:.0f} ms, {len(pdf) / 1024:.0f} KiB")


def page_png(pdf: bytes, target: Path, folder: Path) -> None:
    source = folder / "record.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(source), str(target.with_suffix(""))],
        check=True,
    )
    print(f"page 1 written to {target}")


if __name__ == "__main__":
    main()
