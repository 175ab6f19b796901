"""Migration 0006 gives every existing campaign the unit that runs it: the nearest common ancestor of its group's
units, or the root unit when its units have none."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

BEFORE = [("assessments", "0005_lock_leaves_no_trace")]
AFTER = [("assessments", "0006_campaign_owner")]


class CampaignOwnerMigrationTests(TransactionTestCase):
    def setUp(self):
        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        apps = executor.loader.project_state(BEFORE).apps
        unit_model, group_model = apps.get_model("org", "Unit"), apps.get_model("org", "UnitGroup")
        framework_model = apps.get_model("frameworks", "Framework")
        campaign_model = apps.get_model("assessments", "Campaign")

        def unit(code, parent=None, group=None):
            made = unit_model.objects.create(code=code, name=code, parent=parent, group=group)
            made.path = f"{parent.path if parent else '/'}{made.pk}/"
            made.save()
            return made

        communes = group_model.objects.create(code="xa", name="Xã")
        agencies = group_model.objects.create(code="cq", name="Cơ quan")
        empty = group_model.objects.create(code="trong", name="Trống")
        self.province = unit("T")
        self.district = unit("H", self.province)
        unit("X-AN", self.district, communes)
        unit("X-BINH", self.district, communes)
        self.agency = unit("CQ-NV", self.district, agencies)
        framework = framework_model.objects.create(code="mini", name="Mini", year=2021, digest="x", source={})
        for code, group in (("xa", communes), ("cq", agencies), ("trong", empty)):
            campaign_model.objects.create(code=code, name=code, framework=framework, group=group, year=2021)

    def tearDown(self):
        MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    def test_each_campaign_is_run_by_the_nearest_unit_above_its_group(self):
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        campaign_model = executor.loader.project_state(AFTER).apps.get_model("assessments", "Campaign")
        owners = dict(campaign_model.objects.values_list("code", "owner_id"))
        self.assertEqual(owners, {"xa": self.district.pk, "cq": self.agency.pk, "trong": self.province.pk})
