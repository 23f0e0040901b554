"""`GET /countries` reads its parameters with pydantic in one call (`http.query_models`).

The export takes the same filters and is read by FastAPI field by field: whatever a client
sends, both routes must refuse it with the same 422 problem, and document the filters alike.
"""

from __future__ import annotations

import httpx2
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from countries.entrypoints.http.schemas.countries import CountryListParams, CountryPageParams

FILTERS = list(CountryListParams.model_fields)
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
values = st.one_of(
    st.sampled_from(["", "true", "maybe", "ARG", "arg,xx", "1", "-1", "zz", "name", " "]),
    st.text(max_size=8),
)
# Known filters and a few names no route knows, each with any value.
queries = st.lists(
    st.tuples(st.sampled_from([*FILTERS, "bogus", "Name", "currencies"]), values), max_size=4
)


@FUZZ
@given(query=queries)
async def test_the_list_and_the_export_refuse_the_same_filters_alike(
    client: httpx2.AsyncClient, query: list[tuple[str, str | int | float | bool | None]]
) -> None:
    listed = await client.get("/countries", params=query)
    exported = await client.get("/countries/export", params=query)
    if listed.status_code == 422 or exported.status_code == 422:
        assert listed.status_code == exported.status_code == 422
        assert listed.headers["content-type"] == "application/problem+json"
        assert listed.json()["errors"] == exported.json()["errors"]
        assert listed.json()["detail"] == exported.json()["detail"]
    else:
        assert listed.status_code == exported.status_code == 200, listed.text


async def test_the_list_documents_each_of_its_parameters_as_the_export_does(
    client: httpx2.AsyncClient,
) -> None:
    spec = (await client.get("/openapi.json")).json()
    listed = {p["name"]: p for p in spec["paths"]["/countries"]["get"]["parameters"]}
    exported = {p["name"]: p for p in spec["paths"]["/countries/export"]["get"]["parameters"]}
    assert set(listed) == set(CountryPageParams.model_fields)
    for name in FILTERS:
        assert listed[name] == exported[name], name
