"""The ``parindex`` console script: Django's manage.py with the project's settings.

Commands are spelt with hyphens on the command line (``parindex load-framework``), as DESIGN.md §5.1 documents;
Django modules cannot contain hyphens, so the sub-command name is mapped to its module name here.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    args[0] = "parindex"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parindex.settings")
    from django.core.management import execute_from_command_line

    from parindex.env import ImproperEnvironment

    try:
        execute_from_command_line(args)
    except ImproperEnvironment as exc:
        # A setting the environment got wrong: one line saying which and why, not a traceback.
        sys.stderr.write(f"parindex: lỗi cấu hình (configuration error): {exc}\n")
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
