"""A respondent's one-time link and its QR code (SVG drawn on the server by segno: no image library, no outside
service, so the invitation letters print from a closed network)."""

from __future__ import annotations

import io

import segno
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from parindex.surveys.models import Respondent


def respondent_link(respondent: Respondent, request: HttpRequest | None = None) -> str:
    """The absolute address of the respondent's form: the site's address (``SITE_URL``) unless a request says
    where the pages are served from."""
    path = reverse("survey-form", args=[respondent.token])
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.SITE_URL + path


def qr_svg(text: str, scale: int = 4) -> str:
    """``text`` as a QR code (error correction M, with its quiet zone), an SVG document without an XML declaration
    so it can also be placed inside a page."""
    buffer = io.BytesIO()
    segno.make(text, error="m", micro=False).save(
        buffer, kind="svg", scale=scale, border=4, xmldecl=False, svgns=True, nl=False, title=None
    )
    return buffer.getvalue().decode("utf-8")


def qr_data_uri(text: str, scale: int = 3) -> str:
    """The same QR code as a ``data:image/svg+xml`` address, for an ``<img>`` of a printed page."""
    return str(segno.make(text, error="m", micro=False).svg_data_uri(scale=scale, border=4))
