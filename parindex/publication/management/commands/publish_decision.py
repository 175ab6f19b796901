from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from parindex.assessments.management.commands._campaign import campaign_or_error
from parindex.audit.services import Actor
from parindex.cli import add_dry_run, dry_run_note
from parindex.publication.documents import pdf
from parindex.publication.documents.decision import Authority, DecisionMeta, DecisionRefused
from parindex.publication.services import issue_decision


def parse_date(text: str) -> date:
    try:
        return datetime.strptime(text.strip(), "%d/%m/%Y").date()
    except ValueError:
        raise CommandError(_("--date: “%(value)s” is not a date written dd/mm/yyyy") % {"value": text}) from None


def _writable(value: str, option: str, suffix: str) -> Path:
    path = Path(value)
    if path.suffix.lower() != suffix:
        raise CommandError(_("%(option)s: the file name must end in %(suffix)s") % {"option": option, "suffix": suffix})
    if not path.parent.is_dir():
        raise CommandError(_("%(option)s: there is no folder %(folder)s") % {"option": option, "folder": path.parent})
    return path


class Command(BaseCommand):
    help = (
        "Issue the publication decision of a campaign's locked or published results (Nghị định 30/2020/NĐ-CP layout: "
        "A4, Times New Roman, national title, issuing body, number, place and date, legal bases, articles, "
        "recipients, signer; one landscape appendix per campaign with each unit's area points, total, index, rank "
        "and band, one appendix of the head-of-unit ratings) as a Word file. --campaign may be repeated to cover "
        "the campaigns of one year run by one committee. The decision is kept (audited) with its PDF when "
        "LibreOffice is installed, and the public page of a published campaign offers that PDF; --dry-run writes "
        "the files only. Refused unless every campaign's results are locked or published."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--campaign", action="append", required=True, help="A campaign code (repeatable).")
        parser.add_argument("--number", required=True, help="Number and symbol as printed, e.g. 771/QĐ-UBND.")
        parser.add_argument("--date", required=True, help="Date of the decision, dd/mm/yyyy.")
        parser.add_argument("--signer", default="", help="The signer's full name (default: the last decision's).")
        parser.add_argument(
            "--title", default="", help="The signer's title (default: the last decision's, else Phó Chủ tịch)."
        )
        parser.add_argument(
            "--authority",
            choices=[choice.value for choice in Authority],
            default="",
            help="committee: the People's Committee decides, signed TM. (default, or the last decision's); chairman: "
            "its chairman decides.",
        )
        parser.add_argument("--issuer", default="", help="The issuing body (default: the campaign's running unit).")
        parser.add_argument("--place", default="", help="The place name of the date line (default: from the issuer).")
        parser.add_argument(
            "--basis", action="append", default=[], help="A legal basis as printed (repeatable; replaces the defaults)."
        )
        parser.add_argument("--bases-file", help="A UTF-8 text file of legal bases, one per line.")
        parser.add_argument("--recipient", action="append", default=[], help="A recipient line (repeatable).")
        parser.add_argument("--out", required=True, help="The Word file to write (.docx).")
        parser.add_argument("--pdf", help="Also write the PDF (needs LibreOffice: scripts/install-office.sh).")
        add_dry_run(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        campaigns = [campaign_or_error(code) for code in dict.fromkeys(options["campaign"])]
        out = _writable(options["out"], "--out", ".docx")
        pdf_out = _writable(options["pdf"], "--pdf", ".pdf") if options["pdf"] else None
        if pdf_out is not None and not pdf.available():
            raise CommandError(_("--pdf: LibreOffice is not installed (run scripts/install-office.sh)"))
        bases = list(options["basis"])
        if options["bases_file"]:
            try:
                text = Path(options["bases_file"]).read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as error:
                raise CommandError(_("--bases-file: cannot read it (%(error)s)") % {"error": error}) from None
            bases += [line.strip() for line in text.splitlines() if line.strip()]
        meta = DecisionMeta(
            number=options["number"].strip(),
            issued_on=parse_date(options["date"]),
            signer=options["signer"].strip(),
            title=options["title"].strip(),
            authority=options["authority"],
            issuer=options["issuer"].strip(),
            place=options["place"].strip(),
            legal_bases=tuple(bases),
            recipients=tuple(r.strip() for r in options["recipient"] if r.strip()),
        )
        actor = Actor.command_line()
        try:
            # The kept decision gets its PDF whenever LibreOffice is there; a dry run converts only when asked to.
            make_pdf = pdf_out is not None or (pdf.available() and not options["dry_run"])
            issued = issue_decision(campaigns, meta, actor, make_pdf=make_pdf, dry_run=options["dry_run"])
        except DecisionRefused as refusal:
            raise CommandError(str(refusal)) from None
        out.write_bytes(issued.docx)
        if pdf_out is not None:
            if issued.pdf is None:
                raise CommandError(_("--pdf: %(problem)s") % {"problem": issued.pdf_problem})
            pdf_out.write_bytes(issued.pdf)
        if options["verbosity"] >= 1:
            self.stdout.write(_("Decision %(number)s: %(file)s") % {"number": meta.number, "file": out})
            if pdf_out is not None:
                self.stdout.write(_("PDF: %(file)s") % {"file": pdf_out})
            if issued.pdf is None and not options["dry_run"]:
                self.stdout.write(_("No PDF for the public page: %(problem)s") % {"problem": issued.pdf_problem})
        dry_run_note(self, options["dry_run"])
