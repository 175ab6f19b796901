from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from parindex.frameworks.models import Framework
from parindex.frameworks.spec import SpecError, parse_framework
from parindex.frameworks.xlsx import write_xlsx


class Command(BaseCommand):
    help = (
        "Write a loaded criteria set (latest version, or --version) to YAML or to the XLSX layout that "
        "load-framework reads: the template a Home Affairs officer fills in for a new decision."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code")
        parser.add_argument("output", help="A .yaml or .xlsx path.")
        parser.add_argument("--set-version", dest="set_version", type=int, help="A given version (default: latest).")

    def handle(self, *args: Any, **options: Any) -> None:
        versions = Framework.objects.filter(code=options["code"]).order_by("-version")
        if options["set_version"]:
            versions = versions.filter(version=options["set_version"])
        framework = versions.first()
        if framework is None:
            raise CommandError(_("there is no criteria set with code %(code)s") % {"code": options["code"]})
        output = Path(options["output"])
        data = {k: v for k, v in framework.source.items() if v not in (None, "", [])}
        if output.suffix.lower() == ".xlsx":
            try:
                write_xlsx(parse_framework(framework.source), output)
            except SpecError as exc:
                raise CommandError(str(exc)) from None
        else:
            output.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        self.stdout.write(str(output))
