"""The data-at-rest key.

Raw uploads (and later backups and the audit HMAC) are protected with a key the database does
not hold: `MOAT_SECRET_KEY` when set, otherwise a key file created once, readable only by its
owner, in the data dir.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import os
from pathlib import Path

from cryptography.fernet import Fernet

from core.errors import UserError
from config.settings import Settings

KEY_FILE_NAME = "secret.key"


class KeyFileError(UserError):
    """The key cannot be read or created; the message says how to fix it."""


def _as_fernet_key(secret: str) -> bytes:
    """A ready Fernet key is used as is; any other passphrase is stretched into one."""
    raw = secret.strip().encode()
    try:
        if len(base64.urlsafe_b64decode(raw)) == 32:
            return raw
    except (binascii.Error, ValueError):
        pass
    derived = hashlib.pbkdf2_hmac("sha256", raw, b"moatmetrics-data-key", 200_000)
    return base64.urlsafe_b64encode(derived)


def load_key(settings: Settings) -> bytes:
    if settings.secret_key:
        return _as_fernet_key(settings.secret_key)
    path = Path(settings.data_dir) / KEY_FILE_NAME
    if path.exists():
        return _as_fernet_key(path.read_text())
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Fernet.generate_key()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it first: use theirs
        return _as_fernet_key(path.read_text())
    except OSError as exc:
        raise KeyFileError(f"cannot create the key file {path}: {exc.strerror}; set MOAT_SECRET_KEY instead") from exc
    with os.fdopen(fd, "w") as handle:
        handle.write(key.decode())
    return key


def fernet(settings: Settings) -> Fernet:
    return Fernet(load_key(settings))
