"""Typed readers for environment variables.

Settings come from the environment (twelve-factor style). A value that cannot be read is an error at start-up,
never a silent fallback: a typo in ``DEBUG=ture`` must not quietly run production in debug mode.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


class ImproperEnvironment(RuntimeError):
    """An environment variable holds a value its setting cannot use."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperEnvironment(f"{name}={raw!r} is not a boolean (use one of: 1/0, true/false, yes/no, on/off)")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperEnvironment(f"{name}={raw!r} is not a whole number") from None
    if minimum is not None and value < minimum:
        raise ImproperEnvironment(f"{name}={value} is below the minimum {minimum}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_path(name: str, default: Path) -> Path:
    raw = os.environ.get(name)
    path = Path(raw) if raw else default
    return path.expanduser().resolve()


def stored_secret_key(path: Path) -> str:
    """The signing key kept in ``path``, made the first time (a random key, file mode 0600), as other self-hosted
    tools do: sessions survive restarts without anyone having to invent a key.

    Several processes may start at once (the web server and its workers): the key is written to a private temporary
    file and linked into place, so a process either creates the file whole or reads the one another process made.
    """
    key = _read_key(path)
    if key:
        return key
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        scratch = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        descriptor = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            out.write(secrets.token_urlsafe(50) + "\n")
        try:
            os.link(scratch, path)
        except FileExistsError:
            pass  # another process made it first: everyone uses that one
        except OSError:
            os.replace(scratch, path)  # a file system without hard links
        finally:
            scratch.unlink(missing_ok=True)
    except OSError as exc:
        raise ImproperEnvironment(
            f"SECRET_KEY is not set and the key file {path} cannot be written ({exc.strerror}): "
            "set SECRET_KEY or make PARINDEX_DATA_DIR writable"
        ) from None
    key = _read_key(path)
    if not key:
        raise ImproperEnvironment(f"the secret key file {path} is empty: remove it or set SECRET_KEY")
    return key


def _read_key(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return ""
    except OSError as exc:
        raise ImproperEnvironment(f"the secret key file {path} cannot be read ({exc.strerror})") from None
