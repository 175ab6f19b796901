"""The bulk writers: many rows updated by key in one statement (COPY into a staging table on PostgreSQL past the
threshold), each value adapted as the ORM adapts it."""

import gc

from django.test import SimpleTestCase, TestCase

from parindex.dbbulk import COPY_THRESHOLD, gc_paused, update_rows
from parindex.org.models import Unit


class UpdateRowsTests(TestCase):
    def test_few_and_many_rows_are_each_updated_by_their_key_and_no_other_row(self):
        for count in (3, COPY_THRESHOLD + 20):
            with self.subTest(count=count):
                Unit.objects.all().delete()
                Unit.objects.bulk_create(Unit(code=f"U{i}", name=f"Đơn vị {i}", path="") for i in range(count + 5))
                ids = list(Unit.objects.order_by("id").values_list("id", flat=True))
                done = update_rows(Unit, ["name", "is_active"], [(f"Tên mới {pk}", False, pk) for pk in ids[:count]])
                self.assertEqual(done, count)
                names = dict(Unit.objects.values_list("id", "name"))
                self.assertTrue(all(names[pk] == f"Tên mới {pk}" for pk in ids[:count]))
                self.assertEqual(Unit.objects.filter(is_active=True).count(), 5)
                self.assertTrue(all(names[pk].startswith("Đơn vị") for pk in ids[count:]))

    def test_no_rows_is_no_statement(self):
        with self.assertNumQueries(0):
            self.assertEqual(update_rows(Unit, ["name"], []), 0)


class GcPausedTests(SimpleTestCase):
    def test_the_collector_resumes_as_it_was(self):
        self.assertTrue(gc.isenabled())
        with gc_paused():
            self.assertFalse(gc.isenabled())
            with gc_paused():
                self.assertFalse(gc.isenabled())
            self.assertFalse(gc.isenabled())
        self.assertTrue(gc.isenabled())
