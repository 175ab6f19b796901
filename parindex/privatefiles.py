"""The private file storage: evidence, uploaded exports, reports and task files. Never under a public URL; views
that check the user's rights serve them.

Files go to ``STORAGES["evidence"]`` (which could be S3). A FileField's storage is fixed when its model is imported,
so the fields use :data:`PRIVATE`, which looks the storage up on every call: settings changed later (a test's
scratch directory, a deployment's configuration) are honoured.
"""

from __future__ import annotations

from datetime import datetime
from os import PathLike
from typing import IO, Any

from django.core.files.base import File
from django.core.files.storage import Storage, storages
from django.db.models.fields.files import FieldFile
from django.http import FileResponse

from parindex.uploads import ALLOWED


class PrivateStorage(Storage):
    """Every call goes to ``STORAGES["evidence"]`` as configured now."""

    @property
    def target(self) -> Storage:
        return storages["evidence"]

    def _open(self, name: str, mode: str = "rb") -> File[Any]:
        return self.target.open(name, mode)

    def _save(self, name: str, content: IO[Any]) -> str:
        return self.target.save(name, content)

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        return self.target.get_available_name(name, max_length)

    def generate_filename(self, filename: str | PathLike[str]) -> str:
        return self.target.generate_filename(filename)

    def delete(self, name: str) -> None:
        self.target.delete(name)

    def exists(self, name: str) -> bool:
        return self.target.exists(name)

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        return self.target.listdir(path)

    def size(self, name: str) -> int:
        return self.target.size(name)

    def url(self, name: str | None) -> str:
        return self.target.url(name)

    def path(self, name: str) -> str:
        return self.target.path(name)

    def get_modified_time(self, name: str) -> datetime:
        return self.target.get_modified_time(name)

    def deconstruct(self) -> tuple[str, tuple[Any, ...], dict[str, Any]]:
        return ("parindex.privatefiles.PrivateStorage", (), {})


PRIVATE = PrivateStorage()


def private_storage() -> Storage:
    return PRIVATE


def file_kind(name: str) -> str | None:
    """The accepted kind (pdf, docx, xlsx, jpg, png) a checked file's name says, or None."""
    extension = name.rpartition(".")[2].lower()
    return next((k for k, (_mime, extensions) in ALLOWED.items() if extension in extensions), None)


def file_response(file: FieldFile, name: str, kind: str | None = None) -> FileResponse:
    """A private file for a user the view has already checked: PDFs and images open in the browser, Office files
    download; never sniffed, never cached by a shared proxy. ``kind`` is the type found by content when stored
    (default: the one the checked name says)."""
    kind = kind or file_kind(name)
    content_type = ALLOWED[kind][0] if kind else "application/octet-stream"
    response = FileResponse(
        file.open("rb"), as_attachment=kind not in ("pdf", "jpg", "png"), filename=name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
