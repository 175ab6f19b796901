"""The demo's two published 2021 campaigns, fast: the same steps as ``parindex load-demo`` takes for them (the units
file, the sample criteria sets and head-rating rules, the disciplinary register, generated scores imported, locked
and published), without this year's campaign, the operational data, the deadlines and the survey, which take most of
the minute ``load-demo`` needs. A few seconds, once per test class (``setUpTestData``)."""

from __future__ import annotations

import random
from pathlib import Path

from django.conf import settings

from parindex.assessments.lifecycle import save_settings
from parindex.assessments.services import Stage, import_scores, open_campaign
from parindex.audit.services import Actor
from parindex.demo import services as demo
from parindex.demo.cycle import COMMITTEE, DEMO_ACTOR
from parindex.frameworks.services import SAMPLES, install_framework, read_framework_file
from parindex.org.models import UnitGroup
from parindex.org.services import import_units
from parindex.ratings.services import install_rule_set
from parindex.ratings.spec import SAMPLES as RATING_SAMPLES
from parindex.ratings.spec import read_rule_set_file

CAMPAIGN_CODES = [code for code, *_rest in demo.CAMPAIGNS]


def load_demo_2021(seed: int = 2021) -> dict[str, Actor]:
    """Load the 2021 part of the demo; returns the demo's people by name as audit Actors (``people["noivu"]`` is Home
    Affairs; ``.user`` is the account to log in with)."""
    actor = Actor.command_line(DEMO_ACTOR)
    import_units(demo.DATA / "units.csv", actor)
    for code, name in demo.GROUP_NAMES.items():
        UnitGroup.objects.filter(code=code).update(name=name, order=list(demo.GROUP_NAMES).index(code))
    frameworks = {framework for _code, framework, _group, _name in demo.CAMPAIGNS}
    for code in sorted(frameworks):
        install_framework(read_framework_file(SAMPLES / f"{code}.yaml"), actor)
    work = Path(settings.DATA_DIR) / "demo"
    work.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    people = demo._create_users()
    rules, meta = read_rule_set_file(RATING_SAMPLES / "sample-head-rating.yaml")
    rating_rules, _outcome = install_rule_set(rules, meta, actor)
    demo._record_discipline(people["noivu"])
    for code, framework, group, name in demo.CAMPAIGNS:
        campaign = open_campaign(code, framework, group, actor, year=2021, name=name, owner_code=COMMITTEE)
        self_csv, appraised_csv = work / f"{code}-self.csv", work / f"{code}-appraised.csv"
        demo._write_scores(campaign, self_csv, appraised_csv, rng)
        import_scores(campaign, self_csv, Stage.SELF, actor, reason="Dữ liệu mẫu: đơn vị tự chấm")
        import_scores(campaign, appraised_csv, Stage.APPRAISED, actor, reason="Dữ liệu mẫu: kết quả thẩm định")
        save_settings(campaign, {"rating_rules": rating_rules}, people["noivu"])
        demo._publish_history(campaign, people["noivu"])
    return people
