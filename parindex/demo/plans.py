"""The demo's improvement plans after the published 2021 commune campaign, filed through the plans' own services:

- Xã An Bình (whose officer and head are demo users): plan accepted; one action done on time, one overdue, one
  reported done and awaiting Home Affairs' review, one not due yet. Its sheet in this year's campaign shows last
  year's points and these actions on each leaf.
- Xã Đông Hòa: plan accepted; one action done on time, one done late, one not due yet.
- Xã Minh Khai: plan submitted, awaiting Home Affairs' review.

Each plan names the leaves on which the commune lost the most points. Dates are counted from today, like the demo's
tasks, so the deadline board and the to-do lists show them.
"""

from __future__ import annotations

import io
from datetime import datetime, timedelta

from django.utils import timezone

from parindex.assessments.models import Campaign
from parindex.audit.services import Actor
from parindex.demo.cycle import DEMO_ACTOR
from parindex.demo.evidence import make_pdf
from parindex.org.models import Unit
from parindex.plans import services as plans
from parindex.plans.losses import losses
from parindex.plans.models import Plan, PlanAction

CAMPAIGN = "cchc-2021-xa"
FILED_DAYS_AGO = 90
# (commune, how far its plan went, [(action, person in charge, days from today to the deadline, what happened)])
PLANS = [
    (
        "X-ANBINH",
        Plan.State.ACCEPTED,
        [
            (
                "Bổ sung đầy đủ tài liệu kiểm chứng, ban hành văn bản còn thiếu",
                "Phạm Thị Lan, công chức VP",
                -40,
                "on_time",
            ),
            (
                "Rà soát, niêm yết công khai thủ tục hành chính tại bộ phận một cửa",
                "Nguyễn Văn Tư, công chức TP",
                -12,
                "overdue",
            ),
            ("Tập huấn công chức sử dụng phần mềm một cửa điện tử", "Phạm Thị Lan, công chức VP", 20, "waiting"),
            ("Tuyên truyền người dân sử dụng dịch vụ công trực tuyến", "Lê Văn Hùng, Chủ tịch UBND xã", 60, "open"),
        ],
    ),
    (
        "X-DONGHOA",
        Plan.State.ACCEPTED,
        [
            ("Ban hành kế hoạch kiểm tra công tác CCHC năm", "Trần Thị Mai, công chức VP", -50, "on_time"),
            ("Cập nhật hồ sơ trên phần mềm một cửa điện tử đúng thời gian", "Đỗ Văn Nam, công chức TP", -25, "late"),
            ("Thực hiện phiếu xin lỗi khi giải quyết hồ sơ trễ hạn", "Trần Thị Mai, công chức VP", 45, "open"),
        ],
    ),
    (
        "X-MINHKHAI",
        Plan.State.SUBMITTED,
        [
            ("Khắc phục tồn tại về báo cáo định kỳ gửi chậm", "Vũ Thị Hạnh, công chức VP", 40, "open"),
            ("Nâng tỷ lệ hồ sơ tiếp nhận qua dịch vụ bưu chính công ích", "Hoàng Văn Long, công chức TP", 75, "open"),
        ],
    ),
]


def _pdf() -> io.BytesIO:
    return io.BytesIO(make_pdf(["Báo cáo kết quả khắc phục (dữ liệu mẫu)"]))


def _report(action: PlanAction, officer: Actor, sent: datetime) -> None:
    plans.send_action_report(action, "Đã thực hiện xong, gửi kèm kết quả.", _pdf(), "ket-qua.pdf", officer, now=sent)


def load_plans(people: dict[str, Actor]) -> None:
    """Safe to run again: a campaign that already has plans is kept as it is."""
    campaign = Campaign.objects.filter(code=CAMPAIGN, status=Campaign.Status.PUBLISHED).first()
    if campaign is None or Plan.objects.filter(campaign=campaign).exists():
        return
    now = timezone.now()
    filed = now - timedelta(days=FILED_DAYS_AGO)
    demo = Actor.command_line(DEMO_ACTOR)
    home_affairs = people.get("noivu", demo)
    for unit_code, state, actions in PLANS:
        unit = Unit.objects.get(code=unit_code)
        officer = people.get("canbo.anbinh", demo) if unit_code == "X-ANBINH" else demo
        head = people.get("thutruong.anbinh", demo) if unit_code == "X-ANBINH" else demo
        worst = sorted(losses(campaign, unit), key=lambda loss: (-loss.lost, loss.leaf.position))
        saved = []
        for (what, person, days, story), loss in zip(actions, worst, strict=False):
            deadline = timezone.localtime(now + timedelta(days=days)).date()
            data = plans.ActionInput(leaf=loss.leaf, what=what, person=person, deadline=deadline)
            saved.append((plans.save_action(campaign, unit, data, officer, now=filed), story))
        if not saved:
            continue
        plan = saved[0][0].plan
        plans.submit_plan(plan, head, now=filed + timedelta(days=3))
        if state != Plan.State.ACCEPTED:
            continue
        plans.review_plan(
            plan, True, "Kế hoạch phù hợp, đề nghị triển khai.", home_affairs, now=filed + timedelta(days=7)
        )
        for action, story in saved:
            due = action.due_at
            if story in ("on_time", "late"):
                sent = due - timedelta(days=3) if story == "on_time" else due + timedelta(days=5)
                _report(action, officer, sent)
                report = action.reports.get()
                plans.review_action_report(report, True, "", home_affairs, now=sent + timedelta(days=1))
            elif story == "waiting":
                _report(action, officer, now - timedelta(days=2))
