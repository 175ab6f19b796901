"""parindex open-campaign."""

from io import StringIO
from unittest import mock

from django.core.management import CommandError, call_command

from parindex.assessments.management.commands.open_campaign import Command as OpenCampaign
from parindex.assessments.models import Campaign, Result
from parindex.audit.models import Action, AuditEntry
from parindex.org.models import Unit, UnitGroup
from parindex.tests.district import DistrictTestCase


class OpenCampaignTests(DistrictTestCase):
    def test_it_opens_a_campaign_over_the_group_with_an_empty_result_per_unit(self):
        out = StringIO()
        call_command("open_campaign", "--code", "cq2021", "--framework", "mini", "--group", "co-quan", stdout=out)
        campaign = Campaign.objects.get(code="cq2021")
        self.assertEqual((campaign.year, campaign.framework.version, campaign.group.code), (2021, 1, "co-quan"))
        self.assertEqual(campaign.name, "Chỉ số CCHC năm 2021 – Cơ quan chuyên môn")
        self.assertIn("1 đơn vị", out.getvalue())
        result = Result.objects.get(campaign=campaign)
        self.assertEqual((result.unit, result.index, result.rank, result.missing), (self.agency, 0, 1, 5))
        self.assertTrue(AuditEntry.objects.filter(action=Action.CAMPAIGN_OPENED, campaign_id=campaign.pk).exists())

    def test_unknown_set_group_or_duplicate_code_are_clear_errors(self):
        cases = [
            (["--code", "x", "--framework", "nope", "--group", "xa"], "bộ tiêu chí"),
            (["--code", "x", "--framework", "mini", "--group", "nope"], "nhóm đơn vị"),
            (["--code", "c2021", "--framework", "mini", "--group", "xa"], "đã có đợt đánh giá"),
        ]
        for args, message in cases:
            with self.subTest(args=args), self.assertRaisesMessage(CommandError, message):
                call_command("open_campaign", *args, stdout=StringIO())


class RunningUnitTests(DistrictTestCase):
    """Every campaign has the unit that runs it (its owner): campaign-wide rights are decided on it."""

    def open(self, *extra, code="xa2022"):
        out = StringIO()
        call_command("open_campaign", "--code", code, "--framework", "mini", "--group", "xa", *extra, stdout=out)
        return Campaign.objects.get(code=code), out.getvalue()

    def test_by_default_the_nearest_unit_above_every_unit_of_the_group_runs_it(self):
        campaign, out = self.open()
        self.assertEqual(campaign.owner, self.district)
        self.assertIn("do UBND huyện Thanh Giang tổ chức", out)
        entry = AuditEntry.objects.get(action=Action.CAMPAIGN_OPENED, campaign_id=campaign.pk)
        self.assertEqual(entry.after["owner"], "H")

    def test_the_shared_campaign_is_run_by_the_district(self):
        self.assertEqual(self.campaign.owner, self.district)

    def test_owner_names_a_unit_above_the_group(self):
        province = Unit.objects.create(code="T", name="UBND tỉnh Hưng Yên")
        self.district.parent = province
        self.district.save()
        campaign, out = self.open("--owner", "T")
        self.assertEqual(campaign.owner, province)
        self.assertIn("do UBND tỉnh Hưng Yên tổ chức", out)

    def test_an_owner_not_above_every_unit_of_the_group_is_refused(self):
        with self.assertRaisesMessage(
            CommandError, "Xã An Bình không thể tổ chức đợt đánh giá nhóm UBND xã, thị trấn: Xã Bình Minh không trực"
        ):
            self.open("--owner", "X-AN")
        with self.assertRaisesMessage(CommandError, "không trực thuộc đơn vị này"):
            self.open("--owner", "CQ-NV")
        with self.assertRaisesMessage(CommandError, "không có đơn vị nào mã NOPE"):
            self.open("--owner", "NOPE")
        self.assertFalse(Campaign.objects.filter(code="xa2022").exists())

    def test_a_group_spread_over_two_trees_needs_an_owner_and_none_fits(self):
        Unit.objects.create(code="X-LE", name="Xã lẻ", group=self.communes)
        with self.assertRaisesMessage(CommandError, "không cùng thuộc một đơn vị cấp trên"):
            self.open()
        with self.assertRaisesMessage(CommandError, "Xã lẻ không trực thuộc đơn vị này"):
            self.open("--owner", "H")
        self.assertFalse(Campaign.objects.filter(code="xa2022").exists())

    def test_a_group_without_units_is_run_by_the_single_root(self):
        UnitGroup.objects.create(code="trong", name="Nhóm trống")
        call_command("open_campaign", "--code", "t", "--framework", "mini", "--group", "trong", stdout=StringIO())
        self.assertEqual(Campaign.objects.get(code="t").owner, self.district)

    def test_errors_go_to_standard_error_on_one_line_with_exit_status_1(self):
        err = StringIO()
        # run_from_argv closes the database connections when done, which would end the test's transaction.
        with mock.patch("django.core.management.base.connections.close_all"), self.assertRaises(SystemExit) as exit_:
            command = OpenCampaign(stdout=StringIO(), stderr=err)
            command.run_from_argv(
                ["parindex", "open-campaign", "--code", "x", "--framework", "mini", "--group", "xa", "--owner", "X-AN"]
            )
        self.assertEqual(exit_.exception.code, 1)
        self.assertEqual(len(err.getvalue().strip().splitlines()), 1)
        self.assertIn("không trực thuộc đơn vị này", err.getvalue())


class OpenCampaignDryRunTests(DistrictTestCase):
    def test_a_dry_run_checks_and_reports_the_campaign_but_writes_nothing(self):
        out, err = StringIO(), StringIO()
        entries = AuditEntry.objects.count()
        call_command(
            "open_campaign",
            "--code",
            "cq2021",
            "--framework",
            "mini",
            "--group",
            "co-quan",
            "--dry-run",
            stdout=out,
            stderr=err,
        )
        self.assertIn("1 đơn vị", out.getvalue())
        self.assertIn("Chạy thử", err.getvalue())
        self.assertFalse(Campaign.objects.filter(code="cq2021").exists())
        self.assertEqual(AuditEntry.objects.count(), entries)

    def test_a_dry_run_refuses_what_the_real_run_refuses(self):
        with self.assertRaisesMessage(CommandError, "đã có đợt đánh giá"):
            call_command(
                "open_campaign",
                "--code",
                "c2021",
                "--framework",
                "mini",
                "--group",
                "xa",
                "--dry-run",
                stdout=StringIO(),
                stderr=StringIO(),
            )
