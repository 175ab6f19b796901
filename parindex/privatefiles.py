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
