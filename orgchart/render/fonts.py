"""Find fonts with Chinese glyphs through fontconfig, the way Graphviz's renderer does."""

from __future__ import annotations

import atexit
import contextlib
import errno
import hashlib
import html
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

__all__ = ["CjkFont", "find_cjk_fonts", "use_font_file", "INSTALL_HINT"]

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
    from ..errors import FontError

    try:
        font.stat()
    except OSError as err:
        why = "no such file" if err.errno == errno.ENOENT else f"cannot use it: {err.strerror}"
        raise FontError(f"{path}: {why}; check the path of --font-file") from None
    if not font.is_file() or font.suffix.lower() not in _FONT_SUFFIXES:
        raise FontError(f"{path}: not a font file (.ttf, .otf, .ttc or .otc); {INSTALL_HINT}")
    current = os.environ.get("FONTCONFIG_FILE", "/etc/fonts/fonts.conf")
    base = _bases.get(current, current)  # include the system's file, never one of ours
    include = (f'<include ignore_missing="yes">{escape(base)}</include>'
               if Path(base).is_file() else "")
    conf = (f'<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>'
            f"{include}<dir>{escape(str(font.parent))}</dir></fontconfig>\n")
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
    from ..errors import FontError

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
