"""Read routes: list, search, sort and page countries; one country by code."""
# No `from __future__ import annotations` in route modules: dependency-injector reads the
# `Provide` markers from the evaluated `Annotated` signatures.

from typing import Annotated

import orjson
from dependency_injector.wiring import inject
from fastapi import APIRouter, Path, Query, Response

from countries.entrypoints.http.deps import GetCountryDep, ListCountriesDep
from countries.entrypoints.http.problems import PROBLEM_RESPONSES
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


@router.get("", response_model=CountryPageOut, summary="List, search, sort and page countries")
@inject
async def list_countries(
    params: Annotated[CountryPageParams, Query()], list_countries: ListCountriesDep
) -> Response:
    page = await list_countries(params.to_query())
    return Response(orjson.dumps(page_json(page)), media_type="application/json")


@router.get("/{code}", response_model=CountryOut, summary="One country by code")
@inject
async def get_country(code: CodePath, get_country: GetCountryDep) -> Response:
    country = await get_country(code)
    return Response(orjson.dumps(country_json(country)), media_type="application/json")
