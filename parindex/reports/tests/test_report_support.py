"""What the periodic-report tests share: the district with one report period of the communes, a private storage of
its own for the submitted files, and helpers to send and review. Holds no test itself."""

from __future__ import annotations

import io
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import ClassVar
from zoneinfo import ZoneInfo

from django.core.files.storage import FileSystemStorage
from django.utils import timezone

from parindex.audit.models import AuditEntry
from parindex.audit.services import Actor
from parindex.reports import services as reports
from parindex.reports.models import ReportPeriod, ReportSubmission
from parindex.tests.district import DistrictTestCase
from parindex.tests.files import make_pdf

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def local(text: str) -> datetime:
    """A Vietnam time written as people do: "15/03/2026 17:00"."""
    return datetime.strptime(text, "%d/%m/%Y %H:%M").replace(tzinfo=VN)


class ReportTestCase(DistrictTestCase):
    """The communes owe two reports of 2026: ``upcoming`` is due in 30 days, ``overdue`` was due 30 days ago (so
    today's date never changes what the tests see)."""

    upcoming: ClassVar[ReportPeriod]
    overdue: ClassVar[ReportPeriod]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        now = timezone.now().replace(second=0, microsecond=0)
        cls.upcoming = ReportPeriod.objects.create(
            year=2026, kind=ReportPeriod.Kind.Q3, group=cls.communes, deadline=now + timedelta(days=30)
        )
        cls.overdue = ReportPeriod.objects.create(
            year=2026, kind=ReportPeriod.Kind.Q1, group=cls.communes, deadline=now - timedelta(days=30)
        )

    def setUp(self) -> None:
        super().setUp()
        # The field's storage is built when the model is imported, so the suite's STORAGES override does not reach
        # it: each test gets its own directory, which also shows what a refused post did (not) store.
        self._files = tempfile.TemporaryDirectory()
        self._field = ReportSubmission._meta.get_field("file")
        self._saved_storage = self._field.storage
        self._field.storage = FileSystemStorage(location=self._files.name)

    def tearDown(self) -> None:
        self._field.storage = self._saved_storage
        self._files.cleanup()
        super().tearDown()

    def stored_files(self) -> list[str]:
        return sorted(str(p.relative_to(self._files.name)) for p in Path(self._files.name).rglob("*") if p.is_file())

    def send(
        self, period: ReportPeriod, at: datetime, unit=None, by=None, name: str = "bao-cao.pdf"
    ) -> ReportSubmission:
        return reports.submit_report(
            period,
            unit or self.commune,
            io.BytesIO(make_pdf()),
            name,
            Actor.of(by or self.commune_officer),
            at=at,
        )

    def review(self, submission: ReportSubmission, accept: bool, note: str = "") -> ReportSubmission:
        return reports.review_report(submission, accept, note, Actor.of(self.home_affairs))

    def audit_count(self) -> int:
        return AuditEntry.objects.count()
