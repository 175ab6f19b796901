"""parindex export-framework: what it writes loads back to the same content."""

from io import StringIO
from pathlib import Path
from tempfile import TemporaryDirectory

from django.core.management import CommandError, call_command
from django.test import TestCase

from parindex.frameworks.models import Framework
from parindex.frameworks.services import SAMPLES, read_framework_file
from parindex.frameworks.tests.decision_workbook import CODE, EXPECTED_MAX, build_decision_workbook


class ExportFrameworkTests(TestCase):
    def test_a_sample_set_round_trips_through_yaml_and_xlsx(self):
        source = SAMPLES / "sample-commune-2021.yaml"
        call_command("load_framework", str(source), stdout=StringIO(), stderr=StringIO())
        digest = Framework.objects.get(code="sample-commune-2021").digest
        with TemporaryDirectory() as tmp:
            for name in ("out.yaml", "out.xlsx"):
                path = Path(tmp) / name
                call_command("export_framework", "sample-commune-2021", str(path), stdout=StringIO())
                self.assertEqual(read_framework_file(path).digest(), digest, name)

    def test_a_decision_typed_in_excel_round_trips_through_load_and_export(self):
        with TemporaryDirectory() as tmp:
            source = build_decision_workbook(Path(tmp) / "decision.xlsx")
            out = StringIO()
            call_command("load_framework", str(source), stdout=out, stderr=StringIO())
            self.assertEqual(out.getvalue().strip(), CODE)
            framework = Framework.objects.get(code=CODE)
            self.assertEqual(framework.max_points, EXPECTED_MAX)
            self.assertEqual(
                set(framework.criteria.filter(number="3.1").values_list("code", "path")),
                {("I/3.1", "I/3.1"), ("III/3.1", "III/3.1")},
            )
            for name in ("out.yaml", "out.xlsx"):
                path = Path(tmp) / name
                call_command("export_framework", CODE, str(path), stdout=StringIO())
                self.assertEqual(read_framework_file(path).digest(), framework.digest, name)

    def test_an_unknown_set_is_an_error(self):
        with self.assertRaisesMessage(CommandError, "nope"):
            call_command("export_framework", "nope", "/tmp/x.yaml", stdout=StringIO())
