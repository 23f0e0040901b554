"""The parts of a Country's full record in its JSON: dialling, names, maps, car, …"""

from __future__ import annotations

from pydantic import BaseModel


class IddOut(BaseModel):
    root: str | None
    suffixes: list[str]


class NamePairOut(BaseModel):
    common: str
    official: str


class DemonymOut(BaseModel):
    f: str
    m: str


class MapsOut(BaseModel):
    google: str | None
    openstreetmap: str | None


class CarOut(BaseModel):
    signs: list[str]
    side: str | None


class CoatOfArmsOut(BaseModel):
    png: str | None
    svg: str | None


class PostalCodeOut(BaseModel):
    format: str | None
    regex: str | None
