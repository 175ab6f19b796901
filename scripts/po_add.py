"""Add or update Vietnamese translations in the catalogue and recompile it, safely from several shells at once.

    python scripts/po_add.py "English msgid" "Bản dịch tiếng Việt" ["msgid" "msgstr" ...]
    python scripts/po_add.py --file pairs.tsv        # one "msgid<TAB>msgstr" per line

`make messages` re-extracts every msgid from the code; this adds entries between two extractions.
"""

from __future__ import annotations

import fcntl
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "parindex" / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def pairs(argv: list[str]) -> list[tuple[str, str]]:
    if argv[:1] == ["--file"]:
        lines = Path(argv[1]).read_text(encoding="utf-8").splitlines()
        return [tuple(line.split("\t", 1)) for line in lines if "\t" in line]  # type: ignore[misc]
    if len(argv) % 2:
        raise SystemExit("give msgid and msgstr in pairs")
    return list(zip(argv[::2], argv[1::2], strict=True))


def main() -> int:
    wanted = pairs(sys.argv[1:])
    with open(PO.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        po = polib.pofile(str(PO))
        for msgid, msgstr in wanted:
            entry = po.find(msgid)
            if entry is None:
                po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
            else:
                entry.msgstr = msgstr
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
        po.save(str(PO))
        po.save_as_mofile(str(PO.with_suffix(".mo")))
    print(f"{len(wanted)} entries written")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
