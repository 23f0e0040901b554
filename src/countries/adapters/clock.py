"""The system clock."""

from datetime import UTC, datetime

from countries.application.ports import Clock


class SystemClock(Clock):
    def now(self) -> datetime:
        return datetime.now(UTC)
