"""What the assigned-task tests share: the district with one task issued by ``H`` (X-AN in charge, the agency
CQ-NV coordinating), a private storage of their own for report files, and helpers. Holds no test itself."""

from __future__ import annotations

import io
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.storage import FileSystemStorage
from django.utils import timezone
from openpyxl import Workbook

from parindex.audit.services import Actor
from parindex.tasks import services as tasks
from parindex.tasks.models import Task, TaskReport, TaskUnit
from parindex.tests.district import ACTOR, DistrictTestCase
from parindex.tests.files import make_pdf

VN = ZoneInfo("Asia/Ho_Chi_Minh")
HEADER = [
    "Mã nhiệm vụ",
    "Số văn bản",
    "Ngày văn bản",
    "Người ký",
    "Đơn vị giao",
    "Nội dung",
    "Hạn hoàn thành",
    "Đơn vị chủ trì",
    "Đơn vị phối hợp",
]


def local(text: str) -> datetime:
    """A Vietnam time written as people do: "15/03/2026 17:00"."""
    return datetime.strptime(text, "%d/%m/%Y %H:%M").replace(tzinfo=VN)


def write_xlsx(path: Path, rows: list[list[Any]], header: list[str] | None = None, title: str = "") -> Path:
    """A workbook whose first sheet holds an optional title row, the header and ``rows``."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    if title:
        sheet.append([title])
    sheet.append(header or HEADER)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    buffer = io.BytesIO()
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    workbook.save(buffer)
    return buffer.getvalue()


class TaskTestCase(DistrictTestCase):
    """``task`` is due in 30 days (so today's date never changes what the tests see): X-AN is in charge, CQ-NV
    coordinates; X-BINH has no part in it."""

    task: Task

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        deadline = timezone.localtime().replace(hour=17, minute=0, second=0, microsecond=0) + timedelta(days=30)
        cls.task = tasks.save_task(cls.task_input(deadline=deadline), ACTOR).task

    @classmethod
    def task_input(cls, **changes: Any) -> tasks.TaskInput:
        values: dict[str, Any] = {
            "code": "NV-2026-001",
            "document_number": "125/KH-UBND",
            "document_date": date(2026, 1, 5),
            "signer": "Nguyễn Văn An",
            "issuer": cls.district,
            "content": "Rà soát, đơn giản hóa thủ tục hành chính lĩnh vực đất đai",
            "deadline": local("15/03/2026 17:00"),
            "lead": cls.commune,
            "coordinating": (cls.agency,),
        }
        values.update(changes)
        return tasks.TaskInput(**values)

    def setUp(self) -> None:
        super().setUp()
        # The field's storage is built when the model is imported, so the suite's STORAGES override does not reach
        # it: each test gets its own directory, which also shows what a refused post did (not) store.
        self._files = tempfile.TemporaryDirectory()
        self._field = TaskReport._meta.get_field("file")
        self._saved_storage = self._field.storage
        self._field.storage = FileSystemStorage(location=self._files.name)

    def tearDown(self) -> None:
        self._field.storage = self._saved_storage
        self._files.cleanup()
        super().tearDown()

    def stored_files(self) -> list[str]:
        return sorted(str(p.relative_to(self._files.name)) for p in Path(self._files.name).rglob("*") if p.is_file())

    def part(self, unit: Any = None, task: Task | None = None) -> TaskUnit:
        return TaskUnit.objects.select_related("task", "unit").get(task=task or self.task, unit=unit or self.commune)

    def send(
        self,
        kind: str = TaskReport.Kind.COMPLETION,
        person: Any = None,
        now: datetime | None = None,
        with_file: bool = True,
        unit: Any = None,
    ) -> TaskReport:
        upload = io.BytesIO(make_pdf()) if with_file else None
        return tasks.send_report(
            self.part(unit),
            kind,
            "Đã hoàn thành rà soát 12 thủ tục",
            Actor.of(person or self.commune_officer),
            upload,
            "Báo cáo kết quả.pdf" if with_file else "",
            now=now,
        )
