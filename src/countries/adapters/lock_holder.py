"""Who holds a shared lock, as stored in the lock's value: what a refused caller is told."""

from __future__ import annotations

import json
import os
import secrets
import socket
from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True, slots=True)
class LockHolder:
    """A process holding a lock: host, pid and since when, and a token no other holder has."""

    host: str
    pid: int
    since: datetime
    token: str

    @classmethod
    def now(cls) -> LockHolder:
        """This process, taking a lock now."""
        return cls(socket.gethostname(), os.getpid(), datetime.now(UTC), secrets.token_hex(16))

    def describe(self) -> str:
        return f"{self.host} pid {self.pid}"

    def encode(self) -> bytes:
        fields = {"host": self.host, "pid": self.pid, "since": self.since.isoformat()}
        return json.dumps({**fields, "token": self.token}).encode()

    @classmethod
    def decode(cls, raw: object) -> LockHolder | None:
        """The holder a stored value names; None for a value of another shape (an older release)."""
        if not isinstance(raw, bytes | str):
            return None
        try:
            fields = json.loads(raw)
            return cls(
                str(fields["host"]),
                int(fields["pid"]),
                datetime.fromisoformat(fields["since"]),
                str(fields["token"]),
            )
        except (ValueError, TypeError, KeyError):
            return None
