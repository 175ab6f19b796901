"""import-scores reads a plain file column by column: the same rows, with the same line numbers, as the general CSV
reader gives, or it hands the file over to that reader."""

import tempfile
from pathlib import Path

from django.test import SimpleTestCase

from parindex.assessments.score_writes import read_score_columns
from parindex.tabular import read_csv

FILES = {
    "plain": "unit,criterion,score\nX-AN,1.1,1\nX-AN,1.2,0.5\n",
    "crlf, no final newline": "unit,criterion,score\r\nX-AN,1.1,1\r\nX-AN,1.2,2",
    "blank and whitespace-only lines": "unit,criterion,score\n\nX-AN,1.1,1\n , , \nX-AN,1.2,2\n\n",
    "semicolons, decimal comma, note": "\ufeffUnit ; Criterion;score;NOTE\nX-AN;2.2;1,25;Đúng hạn\n X-AN ;1.1 ; 1 ;\n",
    "a short row": "unit,criterion,score,note\nX-AN,1.1,1\nX-AN,1.2,2,ghi chú\n",
    "a repeated header name": "unit,criterion,score,score\nX-AN,1.1,1,0.5\n",
    "extra columns": "stt,unit,criterion,score,ten\n1,X-AN,1.1,1,Xã An\n",
    "an empty unit cell": "unit,criterion,score\n,1.1,1\nX-AN,1.2,2\n",
}
GENERAL = {
    "a quoted cell": 'unit,criterion,score,note\nX-AN,1.1,1,"có, dấu phẩy"\n',
    "a row longer than the header": "unit,criterion,score\nX-AN,1.1,1,thừa\n",
    "a missing column": "unit,criterion,points\nX-AN,1.1,1\n",
    "only the header": "unit,criterion,score\n",
    "a NUL character": "unit,criterion,score\nX-AN,1.1\x00,1\n",
}


class ScoreColumnsTests(SimpleTestCase):
    def path(self, text: str) -> Path:
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        path = Path(directory.name) / "scores.csv"
        path.write_text(text, encoding="utf-8", newline="")
        return path

    def test_a_plain_file_reads_as_the_general_reader_reads_it_line_for_line(self):
        for name, text in FILES.items():
            with self.subTest(name):
                path = self.path(text)
                columns = read_score_columns(path)
                self.assertIsNotNone(columns)
                table = read_csv(path, required=("unit", "criterion", "score"), optional=("note",))
                expected = [
                    (line, cells["unit"], cells["criterion"], cells["score"], cells.get("note", ""))
                    for line, cells in table.rows
                ]
                got = list(
                    zip(columns.lines, columns.units, columns.criteria, columns.scores, columns.notes, strict=True)
                )
                self.assertEqual(got, expected)

    def test_any_other_file_is_left_to_the_general_reader(self):
        for name, text in GENERAL.items():
            with self.subTest(name):
                self.assertIsNone(read_score_columns(self.path(text)))

    def test_a_file_that_cannot_be_read_is_left_to_the_general_reader(self):
        self.assertIsNone(read_score_columns(Path(tempfile.gettempdir()) / "no-such-dir" / "scores.csv"))
