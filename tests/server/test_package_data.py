"""A non-editable install carries every non-Python file the server and the client read at run time.

Checked against pyproject.toml's package data, file by file (building a wheel here would need the network); the
install itself was checked by hand: `pip wheel . && pip install <wheel>`, then `field-inspector-server init`,
`load-catalogue` and `serve` from another folder (server/README.md, "Installing"). The demo data set is the
checkout's (`python -m demo`), not the install's.
"""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIPPED = {".pyc", ".py"}


def _declared() -> dict[str, list[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert any(p.startswith("resources") for p in config["packages"]["find"]["include"])
    return config["package-data"]


def _covered(path: Path, declared: dict[str, list[str]]) -> bool:
    relative = path.relative_to(ROOT)
    for package, patterns in declared.items():
        folder = Path(*package.split("."))
        if folder in relative.parents and any(fnmatch(str(relative.relative_to(folder)), p) for p in patterns):
            return True
    return False


def test_every_data_file_of_server_and_resources_is_package_data() -> None:
    declared = _declared()
    files = [
        p
        for top in ("server", "resources")
        for p in (ROOT / top).rglob("*")
        if p.is_file() and p.suffix not in SKIPPED and "__pycache__" not in p.parts
    ]
    assert any(p.name == "public.css" for p in files) and any(p.suffix == ".qm" for p in files)
    assert [str(p.relative_to(ROOT)) for p in files if not _covered(p, declared)] == []
