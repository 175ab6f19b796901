"""Refresh the Vietnamese catalogue: extract new msgids (needs GNU gettext), then compile the .mo with polib.

Run through `make messages`; translate new entries in parindex/locale/vi/LC_MESSAGES/django.po and run it again.
The compiled .mo is committed, so installs and CI need no gettext tools. Exit status 1 lists what is untranslated.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "parindex" / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def main() -> int:
    if "--no-extract" not in sys.argv and shutil.which("xgettext"):
        command = [sys.executable, "-m", "parindex", "makemessages", "-l", "vi", "--no-location", "--no-obsolete"]
        subprocess.run([*command, "-i", "*/tests/*", "-i", "testing.py"], cwd=ROOT / "parindex", check=True)
    po = polib.pofile(str(PO))
    po.save_as_mofile(str(PO.with_suffix(".mo")))
    pending = [e.msgid for e in po if not e.translated() or "fuzzy" in e.flags]
    for msgid in pending:
        print(f"untranslated: {msgid!r}", file=sys.stderr)
    return 1 if pending else 0


if __name__ == "__main__":
    raise SystemExit(main())
