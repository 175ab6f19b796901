"""Test helpers: a small district with named people, so permission tests read as one line each.

- ``commune_officer`` and ``commune_head`` work at commune X-AN (Xã An Bình);
- ``other_officer`` works at commune X-BINH, so is an outsider to X-AN's data;
- ``appraiser``, ``home_affairs`` and ``viewer`` hold their role on the district, over every unit; the campaign
  assigns ``appraiser`` to both communes, while ``idle_appraiser`` (also a council member) is assigned nothing;
- ``outsider`` is signed in but holds no role at all;
- ``commune_home_affairs`` and ``commune_viewer`` hold Home Affairs and viewer roles on X-AN only: the campaign is
  run by the district (its owner), so they see X-AN's part of it but none of its campaign-wide pages.
"""

from __future__ import annotations

import tempfile
import unicodedata
from datetime import timedelta
from pathlib import Path
from typing import Any, ClassVar

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.test import TestCase
from django.utils import timezone

from parindex.assessments.models import AppraiserAssignment, Campaign
from parindex.assessments.services import open_campaign
from parindex.audit.services import Actor
from parindex.frameworks.models import Framework
from parindex.frameworks.services import install_framework, read_framework_file
from parindex.org.models import Membership, Role, Unit, UnitGroup

TESTDATA = Path(__file__).resolve().parent / "testdata"
ACTOR = Actor.command_line("tests")


CP1258_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Encode as Windows does for Vietnamese: precomposed where cp1258 has the letter, else base + tone mark."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in decomposed if c in CP1258_TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in CP1258_TONE_MARKS))
        out += (base + tones).encode("cp1258")
    return bytes(out)


def write(tmp: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp / name
    path.write_bytes(to_cp1258(text) if encoding == "cp1258" else text.encode(encoding))
    return path


class TempDirMixin:
    """A fresh temporary directory per test, in ``self.dir``."""

    def setUp(self) -> None:
        super().setUp()  # type: ignore[misc]
        self._tmp = tempfile.TemporaryDirectory()
        self.dir = Path(self._tmp.name)

    def tearDown(self) -> None:
        self._tmp.cleanup()
        super().tearDown()  # type: ignore[misc]


class DistrictTestCase(TestCase):
    district: ClassVar[Unit]
    commune: ClassVar[Unit]
    other_commune: ClassVar[Unit]
    agency: ClassVar[Unit]
    communes: ClassVar[UnitGroup]
    agencies: ClassVar[UnitGroup]
    framework: ClassVar[Framework]
    campaign: ClassVar[Campaign]
    commune_officer: ClassVar[AbstractUser]
    commune_head: ClassVar[AbstractUser]
    other_officer: ClassVar[AbstractUser]
    appraiser: ClassVar[AbstractUser]
    home_affairs: ClassVar[AbstractUser]
    viewer: ClassVar[AbstractUser]
    outsider: ClassVar[AbstractUser]
    idle_appraiser: ClassVar[AbstractUser]
    commune_home_affairs: ClassVar[AbstractUser]
    commune_viewer: ClassVar[AbstractUser]

    @classmethod
    def setUpTestData(cls) -> None:
        populate_district(cls)

    @classmethod
    def person(cls, username: str, role: Role | None, unit: Unit | None, **extra: Any) -> AbstractUser:
        return person(username, role, unit, **extra)


def populate_district(target: Any) -> None:
    """Create the district, its units, the mini criteria set, a campaign and the named people on ``target``."""
    target.communes = UnitGroup.objects.create(code="xa", name="UBND xã, thị trấn")
    target.agencies = UnitGroup.objects.create(code="co-quan", name="Cơ quan chuyên môn")
    target.district = Unit.objects.create(code="H", name="UBND huyện Thanh Giang")
    target.commune = Unit.objects.create(code="X-AN", name="Xã An Bình", parent=target.district, group=target.communes)
    target.other_commune = Unit.objects.create(
        code="X-BINH", name="Xã Bình Minh", parent=target.district, group=target.communes
    )
    target.agency = Unit.objects.create(
        code="CQ-NV", name="Phòng Nội vụ", parent=target.district, group=target.agencies
    )
    target.framework = install_framework(read_framework_file(TESTDATA / "mini-set.yaml"), ACTOR).framework
    target.campaign = open_campaign(
        "c2021", "mini", "xa", ACTOR, year=2021, name="Chỉ số CCHC 2021 cấp xã", owner_code=target.district.code
    )
    target.commune_officer = person("canbo.an", Role.OFFICER, target.commune)
    target.commune_head = person("chutich.an", Role.HEAD, target.commune)
    target.other_officer = person("canbo.binh", Role.OFFICER, target.other_commune)
    target.appraiser = person("thamdinh", Role.APPRAISER, target.district)
    target.home_affairs = person("noivu", Role.HOME_AFFAIRS, target.district)
    target.viewer = person("lanhdao", Role.VIEWER, target.district)
    target.outsider = person("khach", None, None)
    target.idle_appraiser = person("thamdinh2", Role.APPRAISER, target.district)
    target.commune_home_affairs = person("noivu.anbinh", Role.HOME_AFFAIRS, target.commune)
    target.commune_viewer = person("lanhdao.anbinh", Role.VIEWER, target.commune)
    for unit in (target.commune, target.other_commune):
        AppraiserAssignment.objects.create(campaign=target.campaign, user=target.appraiser, unit=unit)


def person(username: str, role: Role | None, unit: Unit | None, **extra: Any) -> AbstractUser:
    """A user whose password is ``pw-<username>``, holding ``role`` on ``unit`` (none when either is None)."""
    user = get_user_model().objects.create_user(username=username, password="pw-" + username, **extra)
    if role is not None and unit is not None:
        Membership.objects.create(user=user, unit=unit, role=role)
    return user


def calendar_over(campaign: Campaign) -> Campaign:
    """Close every window of the campaign's calendar a minute ago (self-assessment, explanations, both rounds) and
    set its publication date to today, so that its results may be locked and published now whatever step each unit
    stands at; the campaign is saved and returned."""
    past = timezone.now() - timedelta(minutes=1)
    for name in ("self_closes_at", "round1_ends_at", "explanation_closes_at", "round2_ends_at"):
        setattr(campaign, name, past)
    if campaign.self_opens_at is not None and campaign.self_opens_at >= past:
        campaign.self_opens_at = past - timedelta(days=1)
    campaign.publish_on = timezone.localdate(past)
    campaign.save()
    return campaign
