"""The Vietnamese catalogue is complete and the committed .mo matches the .po."""

from pathlib import Path

import polib
from django.utils import formats, translation

PO = Path(__file__).resolve().parent.parent / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def test_every_message_has_a_vietnamese_translation():
    po = polib.pofile(str(PO))
    pending = [e.msgid for e in po if not e.translated() or "fuzzy" in e.flags]
    assert pending == []


def test_the_compiled_catalogue_matches_the_source():
    po = polib.pofile(str(PO))
    mo = polib.mofile(str(PO.with_suffix(".mo")))
    assert {(e.msgid, e.msgstr) for e in po if not e.msgid_plural} == {
        (e.msgid, e.msgstr) for e in mo if not e.msgid_plural
    }


def test_numbers_and_dates_read_the_vietnamese_way():
    import datetime
    from decimal import Decimal

    with translation.override("vi"):
        assert formats.number_format(Decimal("80.11"), decimal_pos=2, use_l10n=True) == "80,11"
        assert formats.number_format(Decimal("1234.5"), decimal_pos=2, use_l10n=True, force_grouping=True) == "1.234,50"
        assert formats.date_format(datetime.date(2021, 3, 18), "SHORT_DATE_FORMAT") == "18/03/2021"


def test_integers_in_templates_are_not_grouped_so_ids_and_values_stay_valid():
    from decimal import Decimal

    from django.template import Context, Template
    from django.utils import translation

    with translation.override("vi"):
        html = Template('{% load scores %}<section id="leaf-{{ pk }}">{{ amount|points }}</section>').render(
            Context({"pk": 1216, "amount": Decimal("1234.5")})
        )
    assert html == '<section id="leaf-1216">1.234,50</section>'
