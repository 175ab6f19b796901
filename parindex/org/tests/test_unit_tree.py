"""The unit tree refuses cycles in the model and in the database."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase

from parindex.org.models import Unit


class UnitTreeTests(TestCase):
    def test_a_unit_cannot_be_moved_under_its_descendant(self):
        root = Unit.objects.create(code="T", name="Tỉnh")
        child = Unit.objects.create(code="H", name="Huyện", parent=root)
        grandchild = Unit.objects.create(code="X", name="Xã", parent=child)
        root.parent = grandchild
        with self.assertRaises(ValidationError):
            root.save()

    def test_the_database_refuses_a_unit_that_is_its_own_parent(self):
        unit = Unit.objects.create(code="T", name="Tỉnh")
        with self.assertRaises(IntegrityError), transaction.atomic():
            Unit.objects.filter(pk=unit.pk).update(parent_id=unit.pk)

    def test_the_database_refuses_a_duplicate_code(self):
        Unit.objects.create(code="T", name="Tỉnh")
        with self.assertRaises(IntegrityError), transaction.atomic():
            Unit.objects.bulk_create([Unit(code="T", name="Tỉnh khác")])

    def test_moving_a_unit_re_roots_its_subtree(self):
        a = Unit.objects.create(code="A", name="A")
        b = Unit.objects.create(code="B", name="B")
        h = Unit.objects.create(code="H", name="H", parent=a)
        x = Unit.objects.create(code="X", name="X", parent=h)
        h.parent = b
        h.save()
        x.refresh_from_db()
        self.assertEqual(x.path, f"/{b.pk}/{h.pk}/{x.pk}/")
        self.assertEqual(x.ancestor_ids(), [b.pk, h.pk, x.pk])
