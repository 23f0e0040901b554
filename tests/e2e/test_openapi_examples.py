"""The OpenAPI document shows an example of every activity, subscription, health and admin body."""

from __future__ import annotations

import httpx2
import pytest
from pydantic import BaseModel

from countries.entrypoints.http.schemas.activities import (
    ActivityIn,
    ActivityOut,
    ActivityPageOut,
    ActivityPatch,
)
from countries.entrypoints.http.schemas.admin import InvalidatedOut, SyncReportOut
from countries.entrypoints.http.schemas.health import HealthOut, LiveOut, ReadyOut
from countries.entrypoints.http.schemas.reports import (
    ReportRunOut,
    SubscriptionIn,
    SubscriptionListOut,
    SubscriptionOut,
)

EXAMPLED: list[type[BaseModel]] = [
    ActivityIn,
    ActivityPatch,
    ActivityOut,
    ActivityPageOut,
    SubscriptionIn,
    SubscriptionOut,
    SubscriptionListOut,
    ReportRunOut,
    HealthOut,
    LiveOut,
    ReadyOut,
    SyncReportOut,
    InvalidatedOut,
]


@pytest.mark.parametrize("storage", ["memory"], indirect=True)
async def test_the_openapi_document_shows_examples(client: httpx2.AsyncClient) -> None:
    schemas = (await client.get("/openapi.json")).json()["components"]["schemas"]
    missing = [m.__name__ for m in EXAMPLED if not schemas[m.__name__].get("examples")]
    assert missing == []


@pytest.mark.parametrize("model", EXAMPLED, ids=lambda model: model.__name__)
def test_each_example_is_a_valid_body(model: type[BaseModel]) -> None:
    for example in model.model_json_schema()["examples"]:
        model.model_validate(example)
