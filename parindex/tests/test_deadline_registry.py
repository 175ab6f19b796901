"""The registry through which the apps with deadlines say what they have due."""

from datetime import datetime
from unittest.mock import patch
from zoneinfo import ZoneInfo

from django.test import SimpleTestCase

from parindex.deadlines import registry
from parindex.deadlines.kinds import SCHEDULED, DeadlineKind
from parindex.deadlines.registry import Item

NOW = datetime(2026, 11, 18, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def provider(kind, *keys):
    return lambda now: [Item(kind, key, 1, now, None) for key in keys]


class RegistryTests(SimpleTestCase):
    def test_every_kind_has_its_provider_once_the_apps_are_ready(self):
        self.assertEqual(registry.registered(), list(DeadlineKind))

    def test_the_items_come_kind_by_kind_in_the_order_of_the_kinds_whatever_the_order_of_registration(self):
        with patch.dict(registry._providers, clear=True):
            registry.register(DeadlineKind.TASK, provider(DeadlineKind.TASK, "t1", "t2"))
            registry.register(DeadlineKind.REPORT, provider(DeadlineKind.REPORT, "r1"))
            found = registry.items(NOW)
        self.assertEqual([(i.kind, i.key) for i in found], [("report", "r1"), ("task", "t1"), ("task", "t2")])

    def test_only_the_kinds_asked_for_are_read_and_a_kind_nobody_registered_has_none(self):
        with patch.dict(registry._providers, clear=True):
            registry.register(DeadlineKind.TASK, provider(DeadlineKind.TASK, "t1"))
            registry.register(DeadlineKind.EXPLANATION, provider(DeadlineKind.EXPLANATION, "x1"))
            found = registry.items(NOW, SCHEDULED)
        self.assertEqual([(i.kind, i.key) for i in found], [("task", "t1")])

    def test_registering_a_kind_again_replaces_its_provider(self):
        with patch.dict(registry._providers, clear=True):
            registry.register(DeadlineKind.TASK, provider(DeadlineKind.TASK, "old"))
            registry.register(DeadlineKind.TASK, provider(DeadlineKind.TASK, "new"))
            self.assertEqual([i.key for i in registry.items(NOW)], ["new"])
