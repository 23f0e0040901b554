"""The health answer: readiness, the data's source and version, the last sync, today's report."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict

_SNAPSHOT = "bundled snapshot of REST Countries v3.1 data (2026-02-25)"


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
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "status": "ok",
                    "version": "0.2.0",
                    "database": "ok",
                    "cache": "ok",
                    "countries": 250,
                    "data": {
                        "source": _SNAPSHOT,
                        "synced_at": "2026-11-28T07:00:00Z",
                        "version": 1,
                    },
                    "last_sync": {
                        "attempted_at": "2026-11-28T07:00:01Z",
                        "error": "COUNTRIES_SOURCE_API_KEY is not set",
                    },
                    "source": "REST Countries v5 (https://api.restcountries.com/countries/v5)",
                    "reports": {"day": "2026-11-28", "sent": 3, "failed": 0},
                }
            ]
        }
    )

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

    model_config = ConfigDict(json_schema_extra={"examples": [{"status": "ok"}]})

    status: str = "ok"


class ReadyOut(BaseModel):
    """The database answers and holds data (`GET /readyz`)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"status": "ok", "countries": 250}]})

    status: str = "ok"
    countries: int
