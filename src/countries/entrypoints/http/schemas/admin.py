"""Admin answers: what a sync did and what dropping the caches dropped."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict


class SyncReportOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "source": "REST Countries v5 (https://api.restcountries.com/countries/v5)",
                    "inserted": [],
                    "updated": ["ARG", "CHL"],
                    "unchanged": 248,
                    "removed": [],
                    "version": 2,
                    "synced_at": "2026-11-28T07:00:02Z",
                }
            ]
        }
    )

    source: str
    inserted: list[str]
    updated: list[str]
    unchanged: int
    removed: list[str]
    version: int
    synced_at: datetime


class InvalidatedOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"dropped_payloads": 1}]})

    dropped_payloads: int
