"""Build the one-folder PyInstaller bundle (``./dev bundle``) and tell whether
the one on disk is the current source's.

    python installer/bundle.py           build if stale, print time and size
    python installer/bundle.py --force   build even if fresh

The bundle is build/dist/counterapp/ (the program: build/dist/counterapp/counterapp,
or counterapp.exe on Windows). A digest of every source file that goes into it
is kept beside it (build/dist/counterapp.source), so a test or a script can tell
a stale bundle from a fresh one.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "build" / "dist"
WORK = ROOT / "build" / "pyi"
BUNDLE = DIST / "counterapp"
PROGRAM = BUNDLE / ("counterapp.exe" if os.name == "nt" else "counterapp")
STAMP = DIST / "counterapp.source"
SOURCES = ("counterapp", "ui", "printing", "devices", "migrations", "installer")


def source_digest() -> str:
    digest = hashlib.sha256()
    for top in SOURCES:
        for path in sorted((ROOT / top).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    digest.update((ROOT / "pyproject.toml").read_bytes())
    return digest.hexdigest()


def is_fresh() -> bool:
    return PROGRAM.exists() and STAMP.exists() and STAMP.read_text() == source_digest()


def size_bytes(folder: Path = BUNDLE) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def build() -> float:
    """Build the bundle; returns the seconds it took."""
    pyinstaller = shutil.which("pyinstaller", path=str(Path(sys.executable).parent))
    if pyinstaller is None:
        raise SystemExit("PyInstaller is not installed: ./dev bundle installs it")
    started = time.monotonic()
    STAMP.unlink(missing_ok=True)
    subprocess.run(
        [
            pyinstaller,
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(DIST),
            "--workpath",
            str(WORK),
            str(ROOT / "installer" / "counterapp.spec"),
        ],  # fmt: skip
        check=True,
        cwd=ROOT,
    )
    STAMP.write_text(source_digest())
    return time.monotonic() - started


def build_translations() -> None:
    """The .qm from ui/i18n/*.ts (issue 13); the spec ships them, they are not in git."""
    subprocess.run([sys.executable, "-m", "ui.language"], check=True, cwd=ROOT)


def main(argv: list[str]) -> int:
    build_translations()
    if "--force" not in argv and is_fresh():
        print(f"The bundle is up to date: {BUNDLE}")
    else:
        seconds = build()
        print(f"Built {BUNDLE} in {seconds:.0f} s")
    print(f"Size on disk: {size_bytes() / 1e6:.0f} MB; run it as {PROGRAM}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
