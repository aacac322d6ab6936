"""Resources: the folder found from a checkout, and the checklist catalogue read as records with fixed ids."""

from __future__ import annotations

from app.resources import load_catalogue, resource_dir


def test_the_resource_folder_holds_the_fonts_translations_and_catalogue() -> None:
    folder = resource_dir()
    assert (folder / "checklists" / "catalogue.json").is_file()
    assert {"fonts", "i18n", "icons"} <= {p.name for p in folder.iterdir()}


def test_the_catalogue_has_stable_items_with_legal_basis_for_every_area() -> None:
    checklists, items = load_catalogue()
    assert len(items) >= 40 and len({i.id for i in items}) == len(items)
    assert all(i.legal_basis.startswith(("《", "WS", "GB")) for i in items)
    covered = {c.industry for c in checklists}
    assert {"medical", "medical_aesthetics", "dental", "tcm_clinic", "beauty_salon", "hotel", "swimming",
            "drinking_water", "water_vending", "occupational", "postpartum_care"} <= covered  # fmt: skip
    names = " ".join(c.name for c in checklists)
    assert "传染病防治与消毒隔离" in names and "医疗废物" in names
    assert load_catalogue()[1][0].id == items[0].id == "163d5f6b-816c-599e-b25b-11a1826bbbfa"
