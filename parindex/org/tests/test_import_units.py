"""parindex import-units: create and update by code, any depth, groups created, all rows or none."""

from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase

from parindex.audit.models import Action, AuditEntry
from parindex.org.models import Unit, UnitGroup
from parindex.tests.district import TempDirMixin, write


class ImportUnitsTests(TempDirMixin, TestCase):
    def load(self, text, encoding="utf-8", *extra):
        out = StringIO()
        call_command(
            "import_units", str(write(self.dir, "u.csv", text, encoding)), *extra, stdout=out, stderr=StringIO()
        )
        return out.getvalue()

    def rejected(self, text):
        err = StringIO()
        with self.assertRaises(CommandError) as ctx:
            call_command("import_units", str(write(self.dir, "u.csv", text)), stdout=StringIO(), stderr=err)
        return str(ctx.exception), err.getvalue()

    def test_it_builds_a_tree_of_any_depth_and_creates_missing_groups(self):
        self.load(
            "code,name,parent,group\n"
            "T,UBND tỉnh Hưng Yên,,\n"
            "H,UBND huyện Văn Giang,T,huyen\n"
            "X1,Xã Xuân Quan,H,xa\n"
            "CQ,Phòng Nội vụ,H,co-quan\n"
        )
        x1 = Unit.objects.get(code="X1")
        self.assertEqual(x1.parent.code, "H")
        self.assertEqual(x1.group.code, "xa")
        self.assertEqual(
            [u.code for u in Unit.objects.get(code="T").subtree().order_by("code")], ["CQ", "H", "T", "X1"]
        )
        self.assertEqual(set(UnitGroup.objects.values_list("code", flat=True)), {"huyen", "xa", "co-quan"})
        self.assertIsNone(Unit.objects.get(code="T").group)

    def test_reimport_updates_by_code_and_moves_subtrees(self):
        self.load("code,name,parent,group\nT,Tỉnh,,\nH,Huyện,T,\nX1,Xã 1,H,xa\n")
        # 1/7/2025: the district level goes; communes hang directly under the province.
        out = self.load("code,name,parent,group\nT,Tỉnh,,\nX1,Xã Xuân Quan,T,xa\n")
        x1 = Unit.objects.get(code="X1")
        self.assertEqual((x1.name, x1.parent.code), ("Xã Xuân Quan", "T"))
        self.assertEqual(x1.path, f"{Unit.objects.get(code='T').path}{x1.pk}/")
        self.assertIn("1", out)
        self.assertEqual(AuditEntry.objects.filter(action=Action.UNIT_CHANGED, unit_id=x1.pk).count(), 2)

    def test_a_parent_listed_after_its_child_is_fine(self):
        self.load("code,name,parent,group\nX1,Xã 1,H,xa\nH,Huyện,,\n")
        self.assertEqual(Unit.objects.get(code="X1").parent.code, "H")

    def test_it_reads_utf16_and_windows_1258_exports(self):
        self.load("code,name,parent,group\nH,Huyện Văn Giang,,\n", "utf-16")
        self.load("code,name,parent,group\nX,Thị trấn Văn Giang,H,xa\n", "cp1258")
        self.assertEqual(Unit.objects.get(code="X").name, "Thị trấn Văn Giang")

    def test_it_reports_every_bad_row_with_its_line_and_writes_nothing(self):
        message, err = self.rejected(
            "code,name,parent,group\n"
            "H,Huyện,,\n"
            "X1,Xã 1,NOPE,xa\n"  # 3 unknown parent
            "X2,,H,xa\n"  # 4 no name
            "H,Huyện lặp,,\n"  # 5 duplicate
            "A,A,B,\n"  # 6 cycle A→B→A
            "B,B,A,\n"  # 7 cycle
            "C,C,C,\n"  # 8 own parent
            "bad code,x,,\n"  # 9 bad code
        )
        lines = err.strip().splitlines()
        self.assertEqual([line.split(":")[0] for line in lines], [f"dòng {n}" for n in (3, 4, 5, 6, 7, 8, 9)])
        self.assertIn("NOPE", lines[0])
        self.assertIn("dòng 2", lines[2])
        self.assertIn("7 lỗi", message)
        self.assertFalse(Unit.objects.exists())
        self.assertFalse(UnitGroup.objects.exists())

    def test_a_move_under_its_own_descendant_is_refused(self):
        self.load("code,name,parent,group\nT,Tỉnh,,\nH,Huyện,T,\n")
        _message, err = self.rejected("code,name,parent,group\nT,Tỉnh,H,\n")
        self.assertIn("dòng 2", err)
        self.assertIsNone(Unit.objects.get(code="T").parent)
