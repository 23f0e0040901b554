"""The health answer: readiness, the data's source and version, the last sync, today's report."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel


class DataOut(BaseModel):
    source: str | None
    synced_at: datetime | None
    version: int


class LastSyncOut(BaseModel):
    attempted_at: datetime | None
    error: str | None


class ReportsOut(BaseModel):
    day: date
    sent: int
    failed: int


class HealthOut(BaseModel):
    status: str
    version: str
    database: str
    cache: str
    countries: int
    data: DataOut
    last_sync: LastSyncOut
    source: str
    reports: ReportsOut


class LiveOut(BaseModel):
    """The process answers (`GET /livez`)."""

    status: str = "ok"


class ReadyOut(BaseModel):
    """The database answers and holds data (`GET /readyz`)."""

    status: str = "ok"
    countries: int
