"""Activities over HTTP: the request bodies, the page parameters and the response models."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict

from countries.domain.model import Activity, ActivityCategory
from countries.entrypoints.http.schemas.common import (
    MAX_ID,
    TextRule,
    id_path,
    plain_digits,
)

# Examples shown in the OpenAPI document (and by generated clients): one activity throughout.
_ACTIVITY: JsonDict = {
    "id": 7,
    "country_code": "ARG",
    "name": "Glacier trek",
    "category": "nature",
    "description": "A day on the Perito Moreno glacier, crampons provided.",
    "city": "El Calafate",
    "created_at": "2026-11-28T12:00:00Z",
    "updated_at": "2026-11-28T12:00:00Z",
}
_NEW: JsonDict = {key: _ACTIVITY[key] for key in ("name", "category", "description", "city")}

# Names and cities are one line that is not blank; descriptions may also hold tabs and
# line breaks. The rules are those of every text the service takes (schemas/common.py).
ActivityName = Annotated[str, TextRule("ActivityName", max_length=200, not_blank=True)]
ActivityDescription = Annotated[
    str, TextRule("ActivityDescription", max_length=4000, line_breaks=True)
]
ActivityCity = ActivityName

ActivityIdPath = Annotated[int, id_path("the activity's id"), plain_digits("activity_id")]


class ActivityIn(BaseModel):
    """A new activity."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_NEW]})

    name: ActivityName
    category: ActivityCategory
    description: ActivityDescription | None = None
    city: ActivityCity | None = None


class ActivityPatch(BaseModel):
    """The fields to change; absent ones keep their value, and null clears an optional one."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"city": None, "category": "adventure"}]},
    )

    # Not nullable: a name and a category are required. An absent field is unchanged.
    name: ActivityName = None  # type: ignore[assignment]
    category: ActivityCategory = None  # type: ignore[assignment]
    description: ActivityDescription | None = None
    city: ActivityCity | None = None

    def given(self) -> dict[str, Any]:
        """The fields the request set, by name."""
        return {name: getattr(self, name) for name in self.model_fields_set}


class ActivityPageParams(BaseModel):
    """Query parameters of `GET /countries/{code}/activities`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    category: ActivityCategory | None = Field(None, description="only activities of this category")
    limit: Annotated[int, Field(ge=1, le=500), plain_digits()] = Field(100, description="page size")
    offset: Annotated[int, Field(ge=0, le=MAX_ID), plain_digits()] = Field(
        0, description="activities to skip"
    )


class ActivityOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_ACTIVITY]})

    id: int
    country_code: str = Field(description="ISO 3166-1 alpha-3 of the country")
    name: str
    category: ActivityCategory
    description: str | None
    city: str | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_domain(cls, activity: Activity) -> ActivityOut:
        return cls.model_validate(activity, from_attributes=True)


class ActivityPageOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"total": 1, "limit": 100, "offset": 0, "items": [_ACTIVITY]}]
        }
    )

    total: int
    limit: int
    offset: int
    items: list[ActivityOut]
