"""The demo's deadlines: this year's periodic reports and a few assigned tasks, with units on time, late and
overdue, and the reminders a worker would have sent them over the last weeks (so the board shows them)."""

from __future__ import annotations

import io
import random
from datetime import datetime, timedelta

from django.utils import timezone

from parindex.audit.services import Actor
from parindex.deadlines.services import default_schedules, plan, send_due
from parindex.demo.evidence import make_pdf
from parindex.indicators import timeliness
from parindex.org.models import Unit, UnitGroup
from parindex.reports import services as reports
from parindex.reports.models import ReportPeriod
from parindex.tasks import services as tasks
from parindex.tasks.models import Task, TaskReport

# (code, days from today to the deadline, unit in charge, coordinating units, what happened)
TASKS = [
    ("NV-01", -60, "X-ANBINH", ["CQ-NV"], "on_time"),
    ("NV-02", -45, "X-DONGHOA", [], "late"),
    ("NV-03", -20, "X-TANLAP", ["X-ANBINH"], "overdue"),
    ("NV-04", -9, "X-MINHKHAI", [], "overdue"),
    ("NV-05", -3, "CQ-TNMT", [], "overdue"),
    ("NV-06", 2, "X-ANBINH", [], "open"),
    ("NV-07", 5, "CQ-TP", ["CQ-NV"], "in_progress"),
    ("NV-08", 25, "X-PHUTHINH", [], "open"),
]
CONTENTS = [
    "Rà soát, đơn giản hóa thủ tục hành chính lĩnh vực hộ tịch",
    "Báo cáo kết quả triển khai dịch vụ công trực tuyến toàn trình",
    "Cập nhật đầy đủ hồ sơ trên phần mềm một cửa điện tử",
    "Niêm yết công khai thủ tục hành chính tại bộ phận một cửa",
    "Báo cáo tình hình xin lỗi người dân khi giải quyết hồ sơ trễ hạn",
    "Kiểm tra việc sử dụng phần mềm quản lý văn bản",
    "Xây dựng kế hoạch tuyên truyền cải cách hành chính",
    "Tự kiểm tra công tác cải cách hành chính 6 tháng cuối năm",
]


def _at17(day: datetime) -> datetime:
    return timezone.localtime(day).replace(hour=17, minute=0, second=0, microsecond=0)


def _pdf() -> io.BytesIO:
    return io.BytesIO(make_pdf(["Báo cáo (dữ liệu mẫu)"]))


def load_deadlines(rng: random.Random, home_affairs: Actor) -> None:
    """Safe to run again: existing tasks and periods are kept."""
    default_schedules()
    now = timezone.now()
    year = timezone.localdate().year
    groups = list(UnitGroup.objects.filter(code__in=["xa", "co-quan"]))
    reports.plan_reports(year, groups, home_affairs)
    for period in ReportPeriod.objects.filter(year=year, deadline__lte=now).select_related("group"):
        if period.submissions.exists():
            continue
        for unit in period.units().order_by("code"):
            draw = rng.random()
            if draw < 0.12:
                continue  # never sent: overdue
            sent = (
                period.deadline - timedelta(days=rng.randint(1, 10))
                if draw < 0.8
                else period.deadline + timedelta(days=rng.randint(1, 12))
            )
            submission = reports.submit_report(period, unit, _pdf(), "bao-cao.pdf", home_affairs, at=sent)
            reports.review_report(submission, True, "", home_affairs, at=sent + timedelta(days=2))
    issuer = Unit.objects.get(code="H-TG")
    for (code, days, lead, coordinating, story), content in zip(TASKS, CONTENTS, strict=True):
        if Task.objects.filter(code=code).exists():
            continue
        deadline = _at17(now + timedelta(days=days))
        data = tasks.TaskInput(
            code=code,
            document_number=f"{rng.randint(100, 400)}/KH-UBND",
            document_date=(deadline - timedelta(days=40)).date(),
            signer="Đỗ Quang Vinh",
            issuer=issuer,
            content=content,
            deadline=deadline,
            lead=Unit.objects.get(code=lead),
            coordinating=tuple(Unit.objects.filter(code__in=coordinating)),
        )
        task = tasks.save_task(data, home_affairs, refresh_figures=False).task
        part = task.units.get(unit__code=lead)
        if story in ("on_time", "late", "in_progress"):
            progress_at = deadline - timedelta(days=10)
            tasks.send_report(
                part, TaskReport.Kind.PROGRESS, "Đang triển khai theo kế hoạch.", home_affairs, now=progress_at
            )
        if story in ("on_time", "late"):
            sent = deadline - timedelta(days=2) if story == "on_time" else deadline + timedelta(days=4)
            done = tasks.send_report(
                part,
                TaskReport.Kind.COMPLETION,
                "Đã hoàn thành, gửi kèm báo cáo kết quả.",
                home_affairs,
                upload=_pdf(),
                name="ket-qua.pdf",
                now=sent,
            )
            tasks.review_task_report(done, True, "", home_affairs, now=sent + timedelta(days=1))
    # What a worker polling every six hours would have sent over the last eleven weeks.
    moment = now - timedelta(days=77)
    while moment <= now:
        plan(moment)
        send_due(moment)
        moment += timedelta(hours=6)
    timeliness.refresh(now)
