"""Admin answers: what a sync did and what dropping the caches dropped."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class SyncReportOut(BaseModel):
    source: str
    inserted: list[str]
    updated: list[str]
    unchanged: int
    removed: list[str]
    version: int
    synced_at: datetime


class InvalidatedOut(BaseModel):
    dropped_payloads: int
