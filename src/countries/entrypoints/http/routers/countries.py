"""Read routes: list, search, sort and page countries; one country by code."""
# No `from __future__ import annotations` in route modules: dependency-injector reads the
# `Provide` markers from the evaluated `Annotated` signatures.

from typing import Annotated, Any

import orjson
from dependency_injector.wiring import inject
from fastapi import APIRouter, Path, Query, Request, Response

from countries.entrypoints.http.deps import CurrentVersionDep, GetCountryDep, ListCountriesDep
from countries.entrypoints.http.problems import PROBLEM_RESPONSES
from countries.entrypoints.http.responses import ResponseCache
from countries.entrypoints.http.schemas import (
    CODE_PATTERN,
    CountryOut,
    CountryPageOut,
    CountryPageParams,
    country_json,
    page_json,
)

router = APIRouter(prefix="/countries", tags=["countries"], responses=PROBLEM_RESPONSES)

CodePath = Annotated[
    str,
    Path(pattern=CODE_PATTERN, description="alpha-3, alpha-2 or numeric code, any case"),
]


NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "the client's copy (If-None-Match) is current"}
}


def _cache(request: Request) -> ResponseCache:
    cache: ResponseCache = request.app.state.response_cache
    return cache


@router.get(
    "",
    response_model=CountryPageOut,
    responses=NOT_MODIFIED,
    summary="List, search, sort and page countries",
)
@inject
async def list_countries(
    request: Request,
    params: Annotated[CountryPageParams, Query()],
    list_countries: ListCountriesDep,
    current_version: CurrentVersionDep,
) -> Response:
    async def build() -> bytes:
        return orjson.dumps(page_json(await list_countries(params.to_query())))

    key = (await current_version(), "list", params)
    return (await _cache(request).get_or_build(key, build)).respond(request)


@router.get(
    "/{code}", response_model=CountryOut, responses=NOT_MODIFIED, summary="One country by code"
)
@inject
async def get_country(
    request: Request,
    code: CodePath,
    get_country: GetCountryDep,
    current_version: CurrentVersionDep,
) -> Response:
    async def build() -> bytes:
        return orjson.dumps(country_json(await get_country(code)))

    key = (await current_version(), "one", code.upper())
    return (await _cache(request).get_or_build(key, build)).respond(request)
