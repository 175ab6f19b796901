"""parindex open-campaign."""

from io import StringIO

from django.core.management import CommandError, call_command

from parindex.assessments.models import Campaign, Result
from parindex.audit.models import Action, AuditEntry
from parindex.testing import DistrictTestCase


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
