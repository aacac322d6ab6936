"""The CJK fonts embedded (as subsets) in every document: Noto Serif CJK SC, the closest free face to 宋体.

Found in this order, the first that exists wins:
1. the `FIELD_INSPECTOR_CJK_FONT` environment variable (a .ttc/.otf/.ttf file; its bold is looked for beside it);
2. `resources/fonts/*-Regular.*` and `*-Bold.*`: build.spec puts the build machine's faces there, so a bundle needs
   no system font (a checkout may hold them too);
3. fontconfig (`fc-match "Noto Serif CJK SC"`), then the known paths of Debian/Ubuntu (package fonts-noto-cjk),
   Fedora, macOS and Windows (SimSun / Microsoft YaHei).
In a font collection (.ttc) the Simplified Chinese face is chosen by its family name, not by a fixed index.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTCollection

from app.documents.errors import DocumentError
from app.resources import resource_dir

ENV_FONT = "FIELD_INSPECTOR_CJK_FONT"
_FAMILY = "Noto Serif CJK SC"
_KNOWN = [
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-{style}.ttc",  # Debian, Ubuntu: fonts-noto-cjk
    "/usr/share/fonts/noto-cjk/NotoSerifCJK-{style}.ttc",  # Arch
    "/usr/share/fonts/google-noto-serif-cjk-fonts/NotoSerifCJK-{style}.ttc",  # Fedora
    "/usr/share/fonts/opentype/noto/NotoSansCJK-{style}.ttc",
    "/Library/Fonts/NotoSerifCJK-{style}.ttc",
    "C:/Windows/Fonts/simsun.ttc",
    "C:/Windows/Fonts/msyh.ttc",
]


@dataclass(frozen=True)
class FontFace:
    path: Path
    index: int  # the face in a collection; 0 for a single font file


@dataclass(frozen=True)
class CjkFonts:
    regular: FontFace
    bold: FontFace  # the regular face again when no bold is installed


@cache
def cjk_fonts() -> CjkFonts:
    """The regular and bold faces to embed; DocumentError naming the package to install when there is none."""
    regular = _find("Regular")
    if regular is None:
        raise DocumentError(
            "找不到中文字体（思源宋体 Noto Serif CJK），无法生成文书；请安装 fonts-noto-cjk 软件包"
            f"（Debian/Ubuntu：sudo apt install fonts-noto-cjk），或用环境变量 {ENV_FONT} 指定字体文件",
            "no Chinese font (Noto Serif CJK) found, so no document can be made; install the Debian package "
            f"fonts-noto-cjk (sudo apt install fonts-noto-cjk) or point {ENV_FONT} at a font file",
        )
    return CjkFonts(regular, _find("Bold") or regular)


def _find(style: str) -> FontFace | None:
    for candidate in _candidates(style):
        if candidate.is_file():
            return FontFace(candidate, _sc_index(candidate))
    return None


def _candidates(style: str) -> list[Path]:
    found = []
    if env := os.environ.get(ENV_FONT):
        path = Path(env)
        found.append(path if style == "Regular" else path.with_name(path.name.replace("Regular", style)))
    found += sorted((resource_dir() / "fonts").glob(f"*-{style}.*"))  # what build.spec bundled
    if matched := _fc_match(style):
        found.append(matched)
    found += [Path(p.format(style=style)) for p in _KNOWN]
    if style != "Regular":  # a bold only counts if it is really a bold file
        found = [p for p in found if style in p.name]
    return found


def _fc_match(style: str) -> Path | None:
    if shutil.which("fc-match") is None:
        return None
    pattern = _FAMILY if style == "Regular" else f"{_FAMILY}:{style.lower()}"
    try:
        out = subprocess.run(
            ["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True, timeout=10, check=False
        ).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return None
    return Path(out) if "CJK" in out else None  # fc-match always answers; only a CJK face will do


def _sc_index(path: Path) -> int:
    """The Simplified Chinese face of a collection (Noto: "… CJK SC"; Windows: the first), else 0."""
    if path.suffix.lower() != ".ttc":
        return 0
    collection = TTCollection(str(path), lazy=True)
    try:
        for index, font in enumerate(collection.fonts):
            if font["name"].getDebugName(1).endswith(" SC"):
                return index
        return 0
    finally:
        collection.close()
