"""Demo data: a district like the one in the seed, loaded through the same services as real imports."""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.assessments.lifecycle import lock_results, publish, save_settings
from parindex.assessments.models import Assessment, Campaign
from parindex.assessments.services import Stage, import_scores, open_campaign
from parindex.audit.services import Actor
from parindex.demo.cycle import COMMITTEE, CURRENT_CODE, DEMO_ACTOR, load_current_campaign
from parindex.demo.deadlines import load_deadlines
from parindex.demo.operations import load_operations
from parindex.demo.plans import load_plans
from parindex.demo.publication import load_decision
from parindex.demo.surveys import SIPAS, SURVEY_CODE, load_survey
from parindex.frameworks.models import Criterion
from parindex.frameworks.services import SAMPLES, install_framework, read_framework_file
from parindex.org.models import Membership, Role, Unit, UnitGroup
from parindex.org.services import import_units
from parindex.ratings.models import DisciplinaryCase
from parindex.ratings.register import save_case
from parindex.ratings.services import install_rule_set
from parindex.ratings.spec import SAMPLES as RATING_SAMPLES
from parindex.ratings.spec import read_rule_set_file
from parindex.scoring.numbers import quantize_points
from parindex.scoring.rules import Bands, Choice, Deduction, Manual, PerItem, Proportional, Ratio
from parindex.surveys.loader import read_survey_file
from parindex.surveys.models import Survey

DATA = Path(__file__).resolve().parent / "data"
DEMO_PASSWORD = "parindex-demo"
GROUP_NAMES = {"co-quan": "Cơ quan chuyên môn thuộc UBND huyện", "xa": "UBND xã, thị trấn"}
# Units that, as in the seed, never sent their self-assessment despite reminders.
NEVER_SUBMITTED = {"X-HOANGLONG", "X-YENPHU"}
# Units that sent only part of it.
PARTLY_SUBMITTED = {"X-THOVINH": 0.6, "CQ-NN": 0.8}


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: Role | None
    unit_code: str
    note: str


DEMO_USERS = [
    DemoUser("admin", "Quản trị hệ thống", None, "H-TG", "superuser"),
    DemoUser("noivu", "Nguyễn Thị Hoa (Phòng Nội vụ)", Role.HOME_AFFAIRS, "H-TG", ""),
    DemoUser("thamdinh", "Trần Văn Minh (Hội đồng thẩm định)", Role.APPRAISER, "H-TG", ""),
    DemoUser("thutruong.anbinh", "Lê Văn Hùng (Chủ tịch UBND xã An Bình)", Role.HEAD, "X-ANBINH", ""),
    DemoUser("canbo.anbinh", "Phạm Thị Lan (Công chức xã An Bình)", Role.OFFICER, "X-ANBINH", ""),
    DemoUser("lanhdao", "Đỗ Quang Vinh (Lãnh đạo UBND huyện)", Role.VIEWER, "H-TG", ""),
]
CAMPAIGNS = [
    ("cchc-2021-co-quan", "sample-agency-2021", "co-quan", "Chỉ số CCHC năm 2021 các cơ quan chuyên môn"),
    ("cchc-2021-xa", "sample-commune-2021", "xa", "Chỉ số CCHC năm 2021 UBND các xã, thị trấn"),
]


def demo_input(rule: object, rng: random.Random, strength: int) -> Decimal:
    """A plausible input for a rule from a unit of the given strength (0 weak … 100 strong)."""
    if isinstance(rule, Choice):
        good = rng.random() * 100 < strength + 10
        return Decimal(1 if good else rng.randint(min(2, len(rule.options)), len(rule.options)))
    if isinstance(rule, Bands | Proportional | Ratio):
        return Decimal(max(0, min(100, strength + rng.randint(-12, 8))))
    if isinstance(rule, Deduction):
        return Decimal(rng.choice([0, 0, 1]) if strength > 85 else rng.choice([0, 1, 1, 2, 3]))
    return Decimal(0)


def demo_points(leaf: Criterion, rng: random.Random, strength: int) -> Decimal:
    maximum = leaf.max_points or Decimal(0)
    rule = leaf.rule_object
    if leaf.kind != "normal":
        chance = rng.random()
        if (leaf.kind == "bonus" and chance < strength / 400) or (leaf.kind == "penalty" and chance < 0.08):
            return maximum if leaf.kind == "bonus" else quantize_points(maximum / 2)
        return Decimal("0.00")
    if isinstance(rule, PerItem):
        # One draw, as a manual leaf in steps of ``per`` takes: the count of items that earns the same points.
        share = Decimal(max(0, min(100, strength + rng.randint(-10, 10))))
        return rule.points((maximum * share / 100) // rule.per, maximum)
    if isinstance(rule, Manual) or rule is None:
        share = Decimal(max(0, min(100, strength + rng.randint(-10, 10))))
        points = maximum * share / 100
        if rule is not None and rule.step:
            points = (points // rule.step) * rule.step
        return quantize_points(points)
    return rule.points(demo_input(rule, rng, strength), maximum)


def _write_scores(campaign: Campaign, path_self: Path, path_appraised: Path, rng: random.Random) -> None:
    leaves = list(campaign.framework.criteria.filter(is_leaf=True).order_by("position"))
    with (
        path_self.open("w", newline="", encoding="utf-8") as fs,
        path_appraised.open("w", newline="", encoding="utf-8") as fa,
    ):
        ws, wa = csv.writer(fs), csv.writer(fa)
        ws.writerow(["unit", "criterion", "score", "note"])
        wa.writerow(["unit", "criterion", "score", "note"])
        for unit in campaign.units().order_by("code"):
            if unit.code in NEVER_SUBMITTED:
                continue
            share = PARTLY_SUBMITTED.get(unit.code, 1.0)
            strength = rng.randint(72, 97)  # how well this unit does its reform work
            for leaf in leaves:
                if rng.random() > share:
                    continue
                if leaf.not_applicable_allowed and rng.random() < 0.08:
                    ws.writerow([unit.code, leaf.code, "KAD", "Không phát sinh trong năm"])
                    wa.writerow([unit.code, leaf.code, "KAD", ""])
                    continue
                claimed = demo_points(leaf, rng, strength)
                if leaf.source != "council":  # the council alone scores it: the unit has no self score
                    ws.writerow([unit.code, leaf.code, str(claimed), ""])
                # The council lowers about one claim in eight, by up to half of it.
                if rng.random() < 0.12 and claimed > 0:
                    appraised = quantize_points(claimed * Decimal(rng.choice([50, 75])) / 100)
                    wa.writerow([unit.code, leaf.code, str(appraised), "Thiếu tài liệu kiểm chứng"])
                else:
                    wa.writerow([unit.code, leaf.code, str(claimed), ""])


@transaction.atomic
def load_demo(seed: int = 2021) -> list[DemoUser]:
    """Load the demo district; safe to run again (units are updated by code, existing campaigns are kept).

    The 2021 campaigns are history: appraised, locked and published. This year's commune campaign is running
    (:mod:`parindex.demo.cycle`), so each demo role has something to do.
    """
    actor = Actor.command_line(DEMO_ACTOR)
    import_units(DATA / "units.csv", actor)
    for code, name in GROUP_NAMES.items():
        UnitGroup.objects.filter(code=code).update(name=name, order=list(GROUP_NAMES).index(code))
    for sample in sorted(SAMPLES.glob("*.yaml")):
        install_framework(read_framework_file(sample), actor)
    work = Path(settings.DATA_DIR) / "demo"
    work.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    people = _create_users()
    rules, meta = read_rule_set_file(RATING_SAMPLES / "sample-head-rating.yaml")
    rating_rules, _outcome = install_rule_set(rules, meta, actor)
    _record_discipline(people["noivu"])
    for code, framework, group, name in CAMPAIGNS:
        if Campaign.objects.filter(code=code).exists():
            continue
        campaign = open_campaign(code, framework, group, actor, year=2021, name=name, owner_code=COMMITTEE)
        self_csv, appraised_csv = work / f"{code}-self.csv", work / f"{code}-appraised.csv"
        _write_scores(campaign, self_csv, appraised_csv, rng)
        import_scores(campaign, self_csv, Stage.SELF, actor, reason="Dữ liệu mẫu: đơn vị tự chấm")
        import_scores(campaign, appraised_csv, Stage.APPRAISED, actor, reason="Dữ liệu mẫu: kết quả thẩm định")
        save_settings(campaign, {"rating_rules": rating_rules}, people["noivu"])
        _publish_history(campaign, people["noivu"])
    load_decision([code for code, *_rest in CAMPAIGNS], people["noivu"])
    load_current_campaign("sample-commune-2021", work, rng, people)
    current = Campaign.objects.get(code=CURRENT_CODE)
    if current.rating_rules_id is None:
        save_settings(current, {"rating_rules": rating_rules}, people["noivu"])
    load_operations(work, rng, people["noivu"])
    load_plans(people)  # before the deadlines, whose reminders and timeliness figures then include the plans' actions
    load_deadlines(rng, people["noivu"])
    load_survey(people)
    return DEMO_USERS


def check_demo() -> list[str]:
    """What :func:`load_demo` would do in this database, once the demo's own files passed their checks (the units
    file, the sample criteria sets and the sample rating rules go through the same validators as real ones).

    Units are imported to count them: the caller rolls the transaction back. Nothing else is written, and no file
    (the demo's score files, the operational data store, the evidence files) is touched.
    """
    units = import_units(DATA / "units.csv", Actor.command_line(DEMO_ACTOR))
    lines = [
        _("Units: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
        % {"created": units.created, "updated": units.updated, "unchanged": units.unchanged}
    ]
    for sample in sorted(SAMPLES.glob("*.yaml")):
        spec = read_framework_file(sample)
        lines.append(_("Criteria set %(code)s: %(leaves)s leaves.") % {"code": spec.code, "leaves": len(spec.leaves())})
    rules, _meta = read_rule_set_file(RATING_SAMPLES / "sample-head-rating.yaml")
    lines.append(_("Head-rating rule set %(code)s.") % {"code": rules.code})
    existing = set(Campaign.objects.values_list("code", flat=True))
    for code in [*(c[0] for c in CAMPAIGNS), CURRENT_CODE]:
        if code in existing:
            lines.append(_("Campaign %(code)s: kept as it is.") % {"code": code})
        else:
            lines.append(_("Campaign %(code)s: created with its scores, files and steps.") % {"code": code})
    if CURRENT_CODE not in existing:
        lines.append(_("This year's dossiers and logins of every unit: generated and imported."))
    read_survey_file(SIPAS)  # the sample questionnaire passes the loader's checks
    if not Survey.objects.filter(code=SURVEY_CODE, responses__isnull=False).exists():
        lines.append(
            _("Survey %(code)s: loaded, respondents drawn, responses recorded (web form, typed, imported).")
            % {"code": SURVEY_CODE}
        )
    users = set(
        get_user_model()
        .objects.filter(username__in=[d.username for d in DEMO_USERS])
        .values_list("username", flat=True)
    )
    for demo in DEMO_USERS:
        if demo.username not in users:
            lines.append(_("User %(username)s: created.") % {"username": demo.username})
    return lines


# (unit, decision date, number, kind, official, summary); the current year's case is dated in January.
DISCIPLINE = [
    (
        "X-LIENHA",
        "2021-08-12",
        "215/QĐ-UBND",
        "lam_dung_chuc_vu",
        "Phạm Văn Bảy",
        "Lợi dụng chức vụ trong việc xác nhận hồ sơ đất đai; khiển trách.",
    ),
    (
        "CQ-TNMT",
        "2021-10-04",
        "301/QĐ-UBND",
        "nhung_nhieu",
        "Đỗ Thị Tám",
        "Gây khó khăn cho người dân khi tiếp nhận hồ sơ; cảnh cáo.",
    ),
    (
        "X-TANLAP",
        "{year}-01-20",
        "18/QĐ-UBND",
        "nhung_nhieu",
        "Vũ Văn Chín",
        "Yêu cầu bổ sung giấy tờ ngoài quy định; khiển trách.",
    ),
]


def _record_discipline(home_affairs: Actor) -> None:
    """A few decisions in the register, before the 2021 results are locked, so they cap those heads' ratings."""
    year = timezone.localdate().year
    for unit_code, decided_on, number, kind, official, summary in DISCIPLINE:
        unit = Unit.objects.get(code=unit_code)
        if DisciplinaryCase.objects.filter(unit=unit, decision_number=number).exists():
            continue
        case = DisciplinaryCase(
            unit=unit,
            decided_on=date.fromisoformat(decided_on.format(year=year)),
            decision_number=number,
            kind=kind,
            official=official,
            summary=summary,
        )
        save_case(case, home_affairs)


def _local(text: str) -> datetime:
    return timezone.make_aware(datetime.strptime(text, "%d/%m/%Y %H:%M"))


def _publish_history(campaign: Campaign, home_affairs: Actor) -> None:
    """A past campaign as it ended: its 2021 calendar, every submitting unit appraised, results locked and published."""
    save_settings(
        campaign,
        {
            "self_opens_at": _local("01/11/2021 07:30"),
            "self_closes_at": _local("15/11/2021 17:00"),
            "round1_ends_at": _local("30/11/2021 17:00"),
            "explanation_closes_at": _local("07/12/2021 17:00"),
            "round2_ends_at": _local("15/12/2021 17:00"),
            "publish_on": date(2021, 12, 31),
        },
        home_affairs,
    )
    submitted = campaign.units().exclude(code__in=NEVER_SUBMITTED).values_list("id", flat=True)
    # History is loaded as it stood at the end, not replayed step by step: the log says so in its reason.
    Assessment.objects.filter(campaign=campaign, unit_id__in=list(submitted)).update(
        state=Assessment.State.APPRAISED, submitted_at=_local("15/11/2021 16:30")
    )
    lock_results(campaign, home_affairs, "Dữ liệu mẫu: kết quả năm 2021")
    publish(campaign, home_affairs)


def _create_users() -> dict[str, Actor]:
    users = get_user_model()
    people: dict[str, Actor] = {}
    for demo in DEMO_USERS:
        user, created = users.objects.get_or_create(username=demo.username)
        first, _sep, rest = demo.full_name.partition(" (")
        user.first_name = first
        user.last_name = f"({rest}" if rest else ""
        if created:
            user.set_password(DEMO_PASSWORD)
        if demo.role is None:
            user.is_staff = user.is_superuser = True
        user.save()
        if demo.role is not None:
            Membership.objects.get_or_create(user=user, unit=Unit.objects.get(code=demo.unit_code), role=demo.role)
        people[demo.username] = Actor.of(user)
    return people
