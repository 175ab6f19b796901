from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from parindex.assessments.management.commands._campaign import campaign_or_error
from parindex.publication.documents.dispatch import DispatchRefused, build_dispatch, draft_dispatch
from parindex.publication.management.commands.publish_decision import parse_date
from parindex.publication.services import last_decision
from parindex.scoring.numbers import to_decimal


class Command(BaseCommand):
    help = (
        "Draft the dispatch to the units after a campaign's results are published (Nghị định 30/2020/NĐ-CP layout), "
        "as a Word file to edit before issuing: the district's index and rank when given, the units' results, the "
        "criteria and sub-criteria that were low across the units (lowest share of their maximum, how many units "
        "lost points on each), the units that submitted late or never, and the requirements. Refused unless the "
        "campaign's results are locked or published. Nothing is stored."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--campaign", required=True)
        parser.add_argument("--out", required=True, help="The Word file to write (.docx).")
        parser.add_argument("--number", default="      /UBND-NV", help="Number and symbol as printed (default blank).")
        parser.add_argument("--date", help="Date of the dispatch, dd/mm/yyyy (default: today).")
        parser.add_argument("--district-index", help="The district's own index as the province published it, 80,11.")
        parser.add_argument("--district-rank", default="", help="The district's rank as published, e.g. 5/10.")
        parser.add_argument(
            "--province-decision",
            default="",
            help="The province's decision that published them, as the text cites it, e.g. "
            "“Quyết định số 771/QĐ-UBND ngày 18/3/2021 của UBND tỉnh”.",
        )
        parser.add_argument("--signer", default="", help="The signer's full name (default: the last decision's).")
        parser.add_argument("--title", default="Chủ tịch", help="The signer's title (default: Chủ tịch).")

    def handle(self, *args: Any, **options: Any) -> None:
        campaign = campaign_or_error(options["campaign"])
        out = Path(options["out"])
        if out.suffix.lower() != ".docx":
            raise CommandError(_("--out: the file name must end in .docx"))
        if not out.parent.is_dir():
            raise CommandError(_("--out: there is no folder %(folder)s") % {"folder": out.parent})
        index: Decimal | None = None
        if options["district_index"]:
            try:
                index = to_decimal(options["district_index"])
            except ValueError:
                raise CommandError(
                    _("--district-index: “%(value)s” is not a number") % {"value": options["district_index"]}
                ) from None
        signer = options["signer"].strip()
        if not signer:
            last = last_decision(campaign)
            signer = last.signer if last is not None else ""
        try:
            draft = draft_dispatch(
                campaign,
                issued_on=parse_date(options["date"]) if options["date"] else None,
                number=options["number"],
                district_index=index,
                district_rank=options["district_rank"].strip(),
                province_decision=options["province_decision"].strip(),
                signer=signer,
                title=options["title"].strip(),
            )
        except DispatchRefused as refusal:
            raise CommandError(str(refusal)) from None
        out.write_bytes(build_dispatch(draft))
        if options["verbosity"] >= 1:
            self.stdout.write(_("Dispatch drafted: %(file)s") % {"file": out})
