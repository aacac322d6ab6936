"""Photo files for evidence tests, and a store with an inspection open under a real code."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PIL import ExifTags, Image

from app.models.domain import Evidence, Inspection, InspectionCode, Inspector
from app.store import Store
from tests.helpers.gate import ME, PARTNER, CodeWorld, code_world
from tests.store.conftest import target


def jpeg(path: Path, *, taken: str | None = None, offset: str | None = None, color: str = "red") -> Path:
    """A small JPEG, with EXIF DateTimeOriginal (and OffsetTimeOriginal) when given."""
    exif = Image.Exif()
    ifd = exif.get_ifd(ExifTags.IFD.Exif)
    if taken:
        ifd[ExifTags.Base.DateTimeOriginal] = taken
    if offset:
        ifd[ExifTags.Base.OffsetTimeOriginal] = offset
    Image.new("RGB", (320, 240), color).save(path, "JPEG", exif=exif, quality=90)
    return path


@dataclass
class OnSite:
    world: CodeWorld
    code: InspectionCode
    inspection: Inspection

    @property
    def store(self) -> Store:
        return self.world.store


def on_site(store: Store) -> OnSite:
    world = code_world(store, target())
    code = world.code()
    return OnSite(world, code, world.inspection(code))


def counts(store: Store) -> tuple[int, int, int]:
    """Evidence rows, outbox rows, blob files."""
    blobs = sum(1 for p in store.blobs.root.rglob("*") if p.is_file()) if store.blobs.root.exists() else 0
    return len(store.list(Evidence)), len(store.outbox()), blobs


@contextmanager
def signing_site(folder: Path) -> Iterator[OnSite]:
    """An inspection in progress whose two inspectors are known by name and certificate, as signatures need."""
    with Store.open(folder / "user" / "store.sqlite3") as store:
        people = [
            Inspector(id=ME, name="张明", username="zhang", certificate_no="沪卫执0105001", team="一科"),
            Inspector(id=PARTNER, name="李华", username="li", certificate_no="沪卫执0105002", team="一科"),
        ]
        store.save_many(people, synced=True)
        yield on_site(store)
