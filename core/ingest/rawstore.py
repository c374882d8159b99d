"""Raw uploaded files, kept encrypted at rest so nothing a user sent is ever lost.

Files are encrypted in fixed-size chunks (each a Fernet token behind a 4-byte length) so a large
upload never has to sit in memory whole. Files are named by their sha256: the same bytes uploaded
twice are stored once.
"""
from __future__ import annotations

import hashlib
import os
import struct
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from core.errors import UserError
from config.settings import Settings
from core.governance.keys import fernet

CHUNK_BYTES = 4 * 1024 * 1024
_LENGTH = struct.Struct(">I")


class RawStoreError(UserError):
    pass


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size_bytes: int
    path: Path


class RawStore:
    def __init__(self, directory: Path, cipher: Fernet) -> None:
        self.directory = directory
        self._cipher = cipher

    @classmethod
    def open(cls, settings: Settings) -> RawStore:
        return cls(Path(settings.data_dir) / "raw", fernet(settings))

    def put(self, chunks: Iterable[bytes]) -> StoredFile:
        """Encrypt the stream to a temp file, then rename it into place (atomic; no half-written file)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        fd, tmp_name = tempfile.mkstemp(dir=self.directory, suffix=".part")
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in _rechunk(chunks):
                    digest.update(chunk)
                    size += len(chunk)
                    token = self._cipher.encrypt(chunk)
                    out.write(_LENGTH.pack(len(token)))
                    out.write(token)
                out.flush()
                os.fsync(out.fileno())
            final = self.directory / f"{digest.hexdigest()}.fernet"
            os.replace(tmp_name, final)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
        return StoredFile(digest.hexdigest(), size, final)

    def read(self, sha256: str) -> Iterator[bytes]:
        path = self.directory / f"{sha256}.fernet"
        if not path.exists():
            raise RawStoreError(f"raw file {sha256[:12]}… is not in {self.directory}")
        with path.open("rb") as handle:
            while header := handle.read(_LENGTH.size):
                (length,) = _LENGTH.unpack(header)
                try:
                    yield self._cipher.decrypt(handle.read(length))
                except InvalidToken as exc:
                    raise RawStoreError("raw file cannot be decrypted: wrong MOAT_SECRET_KEY or key file") from exc

    def read_bytes(self, sha256: str) -> bytes:
        return b"".join(self.read(sha256))


def _rechunk(chunks: Iterable[bytes]) -> Iterator[bytes]:
    buffer = bytearray()
    for chunk in chunks:
        buffer.extend(chunk)
        while len(buffer) >= CHUNK_BYTES:
            yield bytes(buffer[:CHUNK_BYTES])
            del buffer[:CHUNK_BYTES]
    if buffer:
        yield bytes(buffer)


def file_chunks(path: Path, size: int = CHUNK_BYTES) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while chunk := handle.read(size):
            yield chunk
