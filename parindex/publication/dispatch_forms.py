"""The form Home Affairs edits the drafted dispatch in before downloading it: every text of the document, prefilled
from the results (:func:`parindex.publication.documents.dispatch.draft_dispatch`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parindex.publication.documents.dispatch import DispatchDraft
from parindex.scoring.numbers import to_decimal

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def _area(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class DistrictForm(forms.Form):
    """What the province published about the district itself (optional): the draft's first paragraph says it."""

    district_index = forms.CharField(label=_("the district's index"), required=False, max_length=10)
    district_rank = forms.CharField(
        label=_("the district's rank"), required=False, max_length=20, help_text=_("e.g. 5/10")
    )
    province_decision = forms.CharField(
        label=_("the province's decision"),
        required=False,
        max_length=255,
        help_text=_("As the text cites it, e.g. Quyết định số 771/QĐ-UBND ngày 18/3/2021 của UBND tỉnh."),
    )

    def clean_district_index(self) -> Decimal | None:
        text = self.cleaned_data["district_index"].strip()
        if not text:
            return None
        try:
            value = to_decimal(text)
        except ValueError:
            raise forms.ValidationError(_("Enter a number such as 80,11.")) from None
        if not 0 <= value <= 100:
            raise forms.ValidationError(_("Enter a number between 0 and 100."))
        return value


class DispatchForm(forms.Form):
    number = forms.CharField(label=_("number and symbol"), max_length=60, help_text=_("As printed, e.g. 254/UBND-NV."))
    issued_on = forms.DateField(
        label=_("date of the dispatch"),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "size": 12}),
        help_text=_("dd/mm/yyyy"),
    )
    subject = forms.CharField(label=_("subject (V/v)"), widget=_area(4), help_text=_("As printed under the number."))
    addressees = forms.CharField(label=_("addressees (Kính gửi)"), widget=_area(3), help_text=_("One per line."))
    findings = forms.CharField(
        label=_("what the results showed"),
        widget=_area(16),
        help_text=_("One paragraph per line: the results, the low criteria and sub-criteria, the late units."),
    )
    lead_in = forms.CharField(label=_("the sentence before the requirements"), widget=_area(3))
    requirements = forms.CharField(
        label=_("requirements"), widget=_area(14), help_text=_("One per line; they are numbered when printed.")
    )
    closing = forms.CharField(label=_("closing sentence"), max_length=500)
    recipients = forms.CharField(label=_("recipients (Nơi nhận)"), widget=_area(5), help_text=_("One per line."))
    signer = forms.CharField(label=_("signer"), max_length=150, required=False, help_text=_("Full name, as signed."))
    title = forms.CharField(label=_("signer's title"), max_length=100)

    @classmethod
    def initial_from(cls, draft: DispatchDraft) -> dict[str, Any]:
        return {
            "number": draft.number,
            "issued_on": draft.issued_on.strftime("%d/%m/%Y"),
            "subject": "\n".join(draft.subject),
            "addressees": "\n".join(draft.addressees),
            "findings": "\n".join(draft.findings),
            "lead_in": draft.lead_in,
            "requirements": "\n".join(draft.requirements),
            "closing": draft.closing,
            "recipients": "\n".join(draft.recipients),
            "signer": draft.signer,
            "title": draft.title,
        }

    def edited(self, draft: DispatchDraft) -> DispatchDraft:
        data = self.cleaned_data
        return draft.edited(
            number=data["number"].strip(),
            issued_on=data["issued_on"],
            subject=_lines(data["subject"]),
            addressees=_lines(data["addressees"]),
            findings=_lines(data["findings"]),
            lead_in=data["lead_in"].strip(),
            requirements=_lines(data["requirements"]),
            closing=data["closing"].strip(),
            recipients=_lines(data["recipients"]),
            signer=data["signer"].strip(),
            title=data["title"].strip(),
        )
