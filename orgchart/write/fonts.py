"""Find fonts with Chinese glyphs through fontconfig, the way Graphviz's renderer does."""

from __future__ import annotations

import atexit
import bisect
import contextlib
import errno
import hashlib
import html
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["CjkFont", "find_cjk_fonts", "has_cjk_font", "use_font_file", "missing_glyphs",
           "warn_missing_glyphs",
           "INSTALL_HINT"]

INSTALL_HINT = ("install a font with Chinese glyphs: Debian/Ubuntu 'sudo apt install "
                "fonts-noto-cjk' (or fonts-wqy-microhei), Fedora 'sudo dnf install "
                "google-noto-sans-cjk-fonts', macOS and Windows ship one; or pass "
                "--font-file PATH to a .ttf/.otf/.ttc font")

# File names of common CJK fonts, for machines without the fc-list tool.
_CJK_FILES = re.compile(r"(wqy|noto\w*cjk|notosans(sc|tc|hk|jp|kr)|sourcehan|simsun|simhei|"
                        r"msyh|msjh|pingfang|hiragino|stheiti|droidsansfallback|ukai|uming|"
                        r"arphic|sarasa|lxgw)", re.IGNORECASE)
_FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")


@dataclass(frozen=True, order=True)
class CjkFont:
    """A font that covers Chinese."""

    family: str
    file: str


def find_cjk_fonts() -> list[CjkFont]:
    """Return the fonts with Chinese glyphs that fontconfig would give Graphviz, sorted."""
    if shutil.which("fc-list"):
        try:
            out = subprocess.run(["fc-list", ":lang=zh", "family", "file"], capture_output=True,
                                 encoding="utf-8", errors="replace", timeout=20,
                                 check=False).stdout  # UTF-8 whatever the locale
        except (OSError, subprocess.SubprocessError):
            out = None
        if out is not None:
            return sorted({_parse_fc_line(line) for line in out.splitlines() if ":" in line})
    return sorted({CjkFont(p.stem, str(p)) for d in _font_dirs() for p in _walk(d)
                   if _CJK_FILES.search(p.name)})


_has_cjk_cache: dict[str | None, bool] = {}


def has_cjk_font() -> bool:
    """Tell whether some font with Chinese glyphs is installed, asking fontconfig once per
    fontconfig set-up (a build draws many PNGs; each used to start an fc-list)."""
    key = os.environ.get("FONTCONFIG_FILE")
    if key not in _has_cjk_cache:
        _has_cjk_cache[key] = bool(find_cjk_fonts())
    return _has_cjk_cache[key]


def _parse_fc_line(line: str) -> CjkFont:
    path, _, families = line.partition(":")
    return CjkFont(families.strip().split(",")[0], path.strip())


def _font_dirs() -> list[Path]:
    dirs = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
            Path.home() / ".fonts", Path.home() / ".local/share/fonts",
            Path("/System/Library/Fonts"), Path("/Library/Fonts"),
            Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts"]
    conf = os.environ.get("FONTCONFIG_FILE")
    if conf and Path(conf).is_file():  # honour a fontconfig file the way fontconfig does
        text = Path(conf).read_text(encoding="utf-8", errors="replace")
        dirs = [Path(html.unescape(d)) for d in re.findall(r"<dir[^>]*>([^<]+)</dir>", text)]
    return [d for d in dirs if d.is_dir()]


def _walk(folder: Path) -> list[Path]:
    found: list[Path] = []
    for base, _dirs, files in os.walk(folder):
        found.extend(Path(base) / f for f in files if f.lower().endswith(_FONT_SUFFIXES))
    return found


def use_font_file(path: str | os.PathLike[str]) -> Path:
    """Make one font file visible to fontconfig for this process (before the first render).

    Points ``FONTCONFIG_FILE`` at a small fontconfig file that includes the system
    configuration and the font's folder (XML-escaped); the file is named by its content in
    the temporary folder and reused, so that renders leave nothing new behind.
    """
    font = Path(os.path.realpath(path))  # not Path.resolve: it raises on a symlink loop
    from ..base.errors import FontError

    try:
        font.stat()
    except OSError as err:
        why = "no such file" if err.errno == errno.ENOENT else f"cannot use it: {err.strerror}"
        raise FontError(f"{path}: {why}; check the path of --font-file") from None
    if not font.is_file() or font.suffix.lower() not in _FONT_SUFFIXES:
        raise FontError(f"{path}: not a font file (.ttf, .otf, .ttc or .otc); {INSTALL_HINT}")
    current = os.environ.get("FONTCONFIG_FILE", "/etc/fonts/fonts.conf")
    base = _bases.get(current, current)  # include the system's file, never one of ours
    include = (f'<include ignore_missing="yes">{html.escape(base, quote=False)}</include>'
               if Path(base).is_file() else "")
    conf = (f'<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>'
            f"{include}<dir>{html.escape(str(font.parent), quote=False)}</dir></fontconfig>\n")
    name = _conf_file(conf)
    _bases[name] = base
    os.environ["FONTCONFIG_FILE"] = name
    return font


#: The fontconfig files written here -> the file each includes (so that they never chain).
_bases: dict[str, str] = {}


def _conf_file(conf: str) -> str:
    """Return a fontconfig file holding ``conf``: one per content, shared and reused.

    Its name is a hash of the content, so that renders and build workers reuse one file
    instead of leaving one each in the temporary folder; a file of that name whose content
    differs (or that is not a plain file) is replaced.
    """
    digest = hashlib.sha256(conf.encode("utf-8")).hexdigest()[:24]
    folder = Path(tempfile.gettempdir())
    path = folder / f"orgchart-fonts-{digest}.conf"
    with contextlib.suppress(OSError):
        if not path.is_symlink() and path.is_file() and path.read_text("utf-8") == conf:
            return str(path)
    from ..base.errors import FontError

    try:
        handle, tmp = tempfile.mkstemp(prefix=".orgchart-fonts-", suffix=".conf", dir=folder)
    except OSError as err:
        raise FontError(f"cannot write the fontconfig file for --font-file in {folder}: "
                        f"{err.strerror or err}; set TMPDIR to a writable folder") from None
    with os.fdopen(handle, "w", encoding="utf-8") as f:
        f.write(conf)
    try:
        os.replace(tmp, path)
    except OSError:  # another user's file of that name: use ours, and remove it at exit
        atexit.register(Path(tmp).unlink, missing_ok=True)
        return tmp
    return str(path)
#: Characters any CJK font has (Latin, punctuation, arrows, box drawing, CJK); only the
#: others are looked up, so that a common chart costs no fontconfig query.
_COMMON = ((0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x2190, 0x22FF), (0x2500, 0x25FF),
           (0x3000, 0x303F), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xFF00, 0xFFEF))
_coverage_cache: dict[str | None, list[tuple[int, int]] | None] = {}


def missing_glyphs(text: str) -> list[str]:
    """Return the characters of ``text`` that no installed font has, as fontconfig sees
    the fonts (``--font-file`` included); Graphviz would draw each as an empty box.

    Characters every CJK font has are not looked up. Without the fc-list tool nothing is
    reported.
    """
    rare = sorted({c for c in set(text) if not c.isspace()
                   and not any(lo <= ord(c) <= hi for lo, hi in _COMMON)})
    if not rare:
        return []
    covered = _coverage()
    if covered is None:
        return []
    starts = [lo for lo, _hi in covered]
    missing = []
    for c in rare:
        i = bisect.bisect_right(starts, ord(c)) - 1
        if i < 0 or ord(c) > covered[i][1]:
            missing.append(c)
    return missing


def warn_missing_glyphs(texts: Iterable[tuple[str, str]]) -> None:
    """Issue a RenderWarning for each drawn thing (who, text) with characters no font has."""
    import warnings

    from ..base.errors import RenderWarning

    found: dict[str, list[str]] = {}
    for who, text in texts:
        for c in missing_glyphs(text):
            if c not in found.setdefault(who, []):
                found[who].append(c)
    for who, chars in found.items():
        if chars:
            shown = ", ".join(f"{c} (U+{ord(c):04X})" for c in chars)
            warnings.warn(RenderWarning(
                f"{who}: no installed font has {shown}, so each is drawn as an empty box; "
                "install a font that has it, pass one with --font-file, or write the text "
                "without it"), stacklevel=3)


def _coverage() -> list[tuple[int, int]] | None:
    """Return the code points some installed font has, as sorted, merged ranges."""
    key = os.environ.get("FONTCONFIG_FILE")
    if key not in _coverage_cache:
        _coverage_cache[key] = _read_coverage()
    return _coverage_cache[key]


def _read_coverage() -> list[tuple[int, int]] | None:
    if not shutil.which("fc-list"):
        return None
    try:
        out = subprocess.run(["fc-list", "--format", "%{charset}\n"], capture_output=True,
                             encoding="utf-8", errors="replace", timeout=20,
                             check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    ranges = []
    for part in out.split():
        first, _, last = part.partition("-")
        try:
            ranges.append((int(first, 16), int(last or first, 16)))
        except ValueError:
            continue
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(ranges):
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged or None
