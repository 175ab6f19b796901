"""The form Home Affairs fills in to issue the publication decision: every field prefilled from the data and the
last decision, every message in the user's language naming the field at fault."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parindex.assessments.models import Campaign
from parindex.publication.documents.decision import Authority, DecisionMeta

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


class DecisionForm(forms.Form):
    number = forms.CharField(
        label=_("number and symbol"), max_length=60, help_text=_("As it is printed, e.g. 771/QĐ-UBND.")
    )
    issued_on = forms.DateField(
        label=_("date of the decision"),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "size": 12}),
        help_text=_("dd/mm/yyyy"),
    )
    authority = forms.ChoiceField(label=_("decided by"), choices=Authority.choices)
    signer = forms.CharField(label=_("signer"), max_length=150, help_text=_("Full name, as signed."))
    title = forms.CharField(
        label=_("signer's title"), max_length=100, help_text=_("Chủ tịch, or Phó Chủ tịch (then signed KT. Chủ tịch).")
    )
    issuer = forms.CharField(label=_("issuing body"), max_length=255)
    place = forms.CharField(label=_("place name of the date line"), max_length=100)
    campaigns = forms.MultipleChoiceField(
        label=_("campaigns covered"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("One appendix per campaign: each unit group's ranking."),
    )
    legal_bases = forms.CharField(
        label=_("legal bases"),
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_("One per line, as printed (Căn cứ …;), the last one ending with a full stop."),
    )
    recipients = forms.CharField(
        label=_("recipients"), widget=forms.Textarea(attrs={"rows": 6}), help_text=_("One per line.")
    )

    def __init__(self, *args: Any, choices: Sequence[Campaign], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.available = {c.code: c for c in choices}
        field = self.fields["campaigns"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(c.code, c.name) for c in choices]

    @classmethod
    def initial_from(cls, meta: DecisionMeta, campaigns: Sequence[Campaign]) -> dict[str, Any]:
        return {
            "number": meta.number,
            "issued_on": meta.issued_on.strftime("%d/%m/%Y"),
            "authority": meta.authority,
            "signer": meta.signer,
            "title": meta.title,
            "issuer": meta.issuer,
            "place": meta.place,
            "campaigns": [c.code for c in campaigns],
            "legal_bases": "\n".join(meta.legal_bases),
            "recipients": "\n".join(meta.recipients),
        }

    def clean_legal_bases(self) -> tuple[str, ...]:
        return _lines(self.cleaned_data["legal_bases"])

    def clean_recipients(self) -> tuple[str, ...]:
        return _lines(self.cleaned_data["recipients"])

    def chosen(self, first: Campaign) -> list[Campaign]:
        """The campaigns to cover, the one whose page this is first."""
        codes = set(self.cleaned_data["campaigns"]) | {first.code}
        return [c for code, c in self.available.items() if code in codes]

    def meta(self) -> DecisionMeta:
        data = self.cleaned_data
        issued_on: date = data["issued_on"]
        return DecisionMeta(
            number=data["number"].strip(),
            issued_on=issued_on,
            signer=data["signer"].strip(),
            title=data["title"].strip(),
            authority=data["authority"],
            issuer=data["issuer"].strip(),
            place=data["place"].strip(),
            legal_bases=data["legal_bases"],
            recipients=data["recipients"],
        )
