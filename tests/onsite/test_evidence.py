"""Evidence photos: the original bytes kept, EXIF time taken, bad files refused with nothing written."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image

from app.models import InspectionStatus
from app.onsite.evidence import EvidenceError, import_folder, import_photo, photos_of, update_photo
from app.rules.codes import GateError
from app.store import LockedError, Store
from tests.onsite.evidence_helpers import OnSite, counts, jpeg, on_site


@pytest.fixture
def site(tmp_path: Path) -> Iterator[OnSite]:
    with Store.open(tmp_path / "user" / "store.sqlite3") as store:
        yield on_site(store)


def test_the_original_bytes_are_the_evidence(site: OnSite, tmp_path: Path) -> None:
    photo = jpeg(tmp_path / "IMG_0001.JPG", taken="2026:11:20 10:15:00", offset="+08:00")
    original = photo.read_bytes()
    evidence = import_photo(site.store, site.inspection, photo, item_id="item-1", caption="消毒记录缺失")
    assert evidence.sha256 == hashlib.sha256(original).hexdigest()
    assert site.store.blobs.path(evidence.sha256).read_bytes() == original, "never re-encoded"
    assert evidence.taken_at == datetime(2026, 11, 20, 2, 15, tzinfo=UTC)
    assert (evidence.mime, evidence.size, evidence.item_id) == ("image/jpeg", len(original), "item-1")
    assert [e.id for e in photos_of(site.store, site.inspection.id)] == [evidence.id]
    assert site.store.outbox()[-1]["entity"] == "evidence"


def test_without_exif_the_file_time_is_taken(site: OnSite, tmp_path: Path) -> None:
    photo = jpeg(tmp_path / "plain.jpg")
    os.utime(photo, (1_700_000_000, 1_700_000_000))
    evidence = import_photo(site.store, site.inspection, photo)
    assert evidence.taken_at == datetime.fromtimestamp(1_700_000_000, UTC)


def test_exif_time_without_offset_is_local_time(site: OnSite, tmp_path: Path) -> None:
    evidence = import_photo(site.store, site.inspection, jpeg(tmp_path / "a.jpg", taken="2026:11:20 10:15:00"))
    assert evidence.taken_at == datetime(2026, 11, 20, 10, 15).astimezone(UTC)


def _refused(site: OnSite, path: Path, words: str) -> None:
    before = counts(site.store)
    with pytest.raises(EvidenceError) as refused:
        import_photo(site.store, site.inspection, path)
    assert words in str(refused.value) and " / " in str(refused.value)
    assert counts(site.store) == before, "a refused photo writes nothing: no blob, no record, no outbox row"


def test_a_corrupt_image_is_refused(site: OnSite, tmp_path: Path) -> None:
    data = jpeg(tmp_path / "ok.jpg").read_bytes()
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(data[: len(data) // 2])
    _refused(site, broken, "damaged")


def test_a_non_image_is_refused(site: OnSite, tmp_path: Path) -> None:
    text = tmp_path / "notes.jpg"
    text.write_text("现场笔录草稿", encoding="utf-8")
    _refused(site, text, "不是可读取的图片")


def test_a_200_mb_file_is_refused_by_its_size_at_once(site: OnSite, tmp_path: Path) -> None:
    huge = tmp_path / "huge.jpg"
    subprocess.run(["truncate", "-s", "200M", str(huge)], check=True)  # sparse: costs no disk
    started = time.perf_counter()
    _refused(site, huge, "too large")
    assert time.perf_counter() - started < 1.0, "refused by size, not by reading 200 MB"


def test_the_same_photo_twice_is_refused(site: OnSite, tmp_path: Path) -> None:
    photo = jpeg(tmp_path / "a.jpg")
    import_photo(site.store, site.inspection, photo)
    _refused(site, photo, "already")


def test_a_photo_of_a_completed_inspection_leaves_no_blob(site: OnSite, tmp_path: Path) -> None:
    site.store.save(site.inspection.model_copy(update={"status": InspectionStatus.COMPLETED}))
    before = counts(site.store)
    with pytest.raises(LockedError):
        import_photo(site.store, site.inspection, jpeg(tmp_path / "late.jpg"))
    assert counts(site.store) == before


def test_no_logged_in_inspector_no_photo(site: OnSite, tmp_path: Path) -> None:
    site.store.set_meta("user.inspector_id", "somebody-else")
    before = counts(site.store)
    with pytest.raises(GateError):
        import_photo(site.store, site.inspection, jpeg(tmp_path / "a.jpg"))
    assert counts(site.store) == before


def test_a_camera_folder_imports_the_photos_and_reports_the_rest(site: OnSite, tmp_path: Path) -> None:
    folder = tmp_path / "DCIM"
    folder.mkdir()
    jpeg(folder / "IMG_0001.JPG", color="red")
    jpeg(folder / "IMG_0002.JPG", color="blue")
    (folder / "IMG_0002.AAE").write_text("<plist/>")
    (folder / ".hidden.jpg").write_bytes(b"x")
    progress: list[tuple[int, int]] = []
    report = import_folder(site.store, site.inspection, folder, on_progress=lambda d, t: progress.append((d, t)))
    assert len(report.imported) == 2
    assert [(p.name, "不是可读取的图片" in why) for p, why in report.skipped] == [("IMG_0002.AAE", True)]
    assert progress == [(1, 3), (2, 3), (3, 3)]


def test_a_thumbnail_is_cached_and_the_original_untouched(site: OnSite, tmp_path: Path) -> None:
    evidence = import_photo(site.store, site.inspection, jpeg(tmp_path / "a.jpg"))
    original = site.store.blobs.path(evidence.sha256).read_bytes()
    small = site.store.blobs.thumbnail(evidence.sha256, size=64)
    with Image.open(io.BytesIO(small)) as image:
        assert max(image.size) == 64
    assert site.store.blobs.thumbnail(evidence.sha256, size=64) == small
    assert site.store.blobs.path(evidence.sha256).read_bytes() == original


def test_caption_and_item_are_edited_through_the_gate(site: OnSite, tmp_path: Path) -> None:
    evidence = import_photo(site.store, site.inspection, jpeg(tmp_path / "a.jpg"), item_id="item-1")
    edited = update_photo(site.store, evidence, caption="器械消毒登记本", item_id="")
    stored = photos_of(site.store, site.inspection.id)[0]
    assert (stored.caption, stored.item_id, stored.sha256) == ("器械消毒登记本", None, evidence.sha256)
    assert edited.caption == stored.caption


def test_an_iphone_heic_photo_is_refused_with_what_to_do(site: OnSite, tmp_path: Path) -> None:
    heic = tmp_path / "IMG_0042.HEIC"
    heic.write_bytes(b"\x00\x00\x00\x18ftypheic" + b"\x00" * 64)
    _refused(site, heic, "Most Compatible")


def test_a_photo_cut_short_near_its_end_is_refused(site: OnSite, tmp_path: Path) -> None:
    whole = tmp_path / "whole.jpg"
    Image.effect_noise((1600, 1200), 60).convert("RGB").save(whole, "JPEG", quality=90)
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(whole.read_bytes()[:-2000])  # a copy interrupted when the card was pulled
    _refused(site, cut, "damaged")
