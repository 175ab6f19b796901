"""Evidence uploads: real files of each accepted type pass, renamed or wrong ones are refused with a clear reason."""

import hashlib
import io
import os
import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import override

from parindex.tests.files import (
    make_docx,
    make_exe,
    make_jpeg,
    make_legacy_doc,
    make_pdf,
    make_png,
    make_xlsx,
    make_zip,
)
from parindex.uploads import CheckedFile, UploadRejected, check_upload

MB = 1024 * 1024  # the module's MB, as Windows counts them
LIMIT = 5 * MB


def check(content: bytes, name: str, max_bytes: int = LIMIT) -> CheckedFile:
    return check_upload(io.BytesIO(content), name, max_bytes)


def refusal(content: bytes, name: str, max_bytes: int = LIMIT) -> str:
    """The English reason for refusing the file."""
    with override("en"), pytest.raises(UploadRejected) as caught:
        check(content, name, max_bytes)
    return str(caught.value)


class CountingStream(io.BytesIO):
    """Remembers how many bytes were handed out, to prove a big file is not read to the end."""

    bytes_read = 0

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.bytes_read += len(data)
        return data


# --- accepted files -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("maker", "name", "kind", "content_type"),
    [
        (make_pdf, "baocao.pdf", "pdf", "application/pdf"),
        (make_docx, "baocao.docx", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (make_xlsx, "bangdiem.xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (make_png, "anh.png", "png", "image/png"),
        (make_jpeg, "anh.jpg", "jpg", "image/jpeg"),
        (make_jpeg, "anh.jpeg", "jpg", "image/jpeg"),
    ],
)
def test_it_accepts_a_real_file_of_each_allowed_type(maker, name, kind, content_type):
    checked = check(maker(), name)
    assert (checked.name, checked.kind, checked.content_type) == (name, kind, content_type)


def test_it_reports_the_size_and_the_sha256_of_the_whole_content():
    content = make_pdf() + b"%" + os.urandom(200_000)  # bigger than one read chunk
    checked = check(content, "baocao.pdf")
    assert checked.size == len(content)
    assert checked.sha256 == hashlib.sha256(content).hexdigest()


def test_it_leaves_the_stream_at_the_start_so_the_caller_can_save_it():
    accepted, refused = io.BytesIO(make_pdf()), io.BytesIO(make_exe())
    check_upload(accepted, "baocao.pdf", LIMIT)
    with pytest.raises(UploadRejected):
        check_upload(refused, "baocao.pdf", LIMIT)
    assert accepted.tell() == 0
    assert refused.tell() == 0


def test_it_accepts_a_django_uploaded_file():
    upload = SimpleUploadedFile("Báo cáo.docx", make_docx())
    assert check_upload(upload, upload.name or "", LIMIT).kind == "docx"
    assert upload.read() == make_docx()


def test_it_accepts_an_upper_case_extension():
    assert check(make_pdf(), "BAOCAO.PDF").name == "BAOCAO.PDF"


def test_it_recognises_a_docx_whose_word_part_lies_beyond_the_first_8_kib():
    assert check(make_docx(padding=os.urandom(20_000)), "baocao.docx").kind == "docx"


# --- the name -----------------------------------------------------------------------------------------------------


def test_it_keeps_only_the_base_name_of_a_windows_path_and_its_vietnamese_letters():
    assert check(make_pdf(), "C:\\Users\\a\\Báo cáo.pdf").name == "Báo cáo.pdf"


def test_it_keeps_only_the_base_name_of_a_posix_path():
    assert check(make_pdf(), "../../etc/Báo cáo.pdf").name == "Báo cáo.pdf"


def test_it_normalises_a_decomposed_name_to_nfc():
    decomposed = unicodedata.normalize("NFD", "Kết quả đánh giá.pdf")
    assert decomposed != "Kết quả đánh giá.pdf"
    assert check(make_pdf(), decomposed).name == "Kết quả đánh giá.pdf"


def test_it_removes_control_characters_and_a_right_to_left_override():
    assert check(make_pdf(), "bao\x00cao\n\u202e.pdf").name == "baocao.pdf"


def test_it_shortens_a_long_name_to_150_characters_keeping_the_extension():
    name = check(make_pdf(), "Tài liệu " * 40 + ".pdf").name
    assert len(name) <= 150
    assert name.endswith(".pdf")
    assert name.startswith("Tài liệu Tài liệu")


# --- refused files ------------------------------------------------------------------------------------------------


def test_it_refuses_a_renamed_executable():
    assert refusal(make_exe(), "baocao.pdf") == "File “baocao.pdf” is not a PDF: its content is a program (EXE)."


def test_it_refuses_a_zip_renamed_docx():
    message = refusal(make_zip(), "baocao.docx")
    assert message == "File “baocao.docx” is not a DOCX: its content is a compressed archive (ZIP)."


def test_it_refuses_a_spreadsheet_renamed_docx():
    message = refusal(make_xlsx(), "baocao.docx")
    assert message == "File “baocao.docx” is not a DOCX: its content is a spreadsheet (XLSX)."


def test_it_refuses_an_image_renamed_pdf():
    assert refusal(make_png(), "baocao.pdf") == "File “baocao.pdf” is not a PDF: its content is an image (PNG)."


def test_it_refuses_content_it_cannot_recognise():
    message = refusal(b"just some text, not a document", "x.pdf")
    assert message == "File “x.pdf” is not a real PDF file (its content does not match its name)."


def test_it_refuses_a_corrupt_zip_renamed_docx():
    message = refusal(make_docx()[:200], "baocao.docx")
    assert message == "File “baocao.docx” is not a real DOCX file (its content does not match its name)."


def test_it_refuses_a_legacy_doc_and_suggests_saving_it_as_docx():
    message = refusal(make_legacy_doc(), "baocao.doc")
    assert message == (
        "File “baocao.doc” is in the old DOC format, which is not accepted: open it and save it as DOCX."
    )


def test_it_refuses_a_legacy_doc_renamed_docx_and_suggests_saving_it_as_docx():
    assert "old DOC format" in refusal(make_legacy_doc(), "baocao.docx")


def test_it_refuses_a_legacy_xls_and_suggests_saving_it_as_xlsx():
    assert "save it as XLSX" in refusal(b"anything", "bangdiem.xls")


@pytest.mark.parametrize("name", ["virus.exe", "ghichu.txt", "khong-co-duoi", "anh.gif"])
def test_it_refuses_other_extensions_and_names_the_accepted_types(name):
    message = refusal(make_pdf(), name)
    assert message == f"File “{name}” is not an accepted type. Accepted types: PDF, DOCX, XLSX, JPG, PNG."


def test_it_refuses_an_empty_file():
    assert refusal(b"", "baocao.pdf") == "File “baocao.pdf” is empty."


def test_it_refuses_an_oversized_file_without_reading_it_to_the_end():
    stream = CountingStream(make_pdf().ljust(3 * MB, b"\0"))
    with override("en"), pytest.raises(UploadRejected) as caught:
        check_upload(stream, "baocao.pdf", MB // 2)
    assert str(caught.value) == "File “baocao.pdf” is too large: 3,0 MB, the limit is 0,5 MB."
    assert stream.bytes_read < MB
    assert stream.tell() == 0


def test_a_file_just_over_the_limit_never_shows_the_same_size_as_the_limit():
    message = refusal(make_pdf() + bytes(int(20.5 * MB)), "baocao.pdf", max_bytes=int(20.5 * MB))
    assert message == "File “baocao.pdf” is too large: 20,6 MB, the limit is 20,5 MB."


def test_a_file_exactly_at_the_limit_is_accepted():
    content = make_pdf()
    assert check(content, "baocao.pdf", max_bytes=len(content)).size == len(content)


def test_the_vietnamese_message_names_the_file():
    with override("vi"), pytest.raises(UploadRejected) as caught:
        check(make_exe(), "Báo cáo quý 1.pdf")
    assert "Báo cáo quý 1.pdf" in str(caught.value)
