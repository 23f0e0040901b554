"""The retired REST Countries v3.1 routes, answered as the hosted service answered them.

An application written for https://restcountries.com/v3.1 works by changing only its base
URL (README.md, "Replacing REST Countries v3.1"). Every answer depends on the dataset
alone: `create_app` names these routes to the answer cache, which keeps their own
`Cache-Control`, adds an ETag and answers `If-None-Match` with a 304.
"""
# No `from __future__ import annotations` in route modules: dependency-injector reads the
# `Provide` markers from the evaluated `Annotated` signatures.

from typing import Annotated, Any

from dependency_injector.wiring import inject
from fastapi import APIRouter, HTTPException, Path, Query, Response

from countries.application.lookups import (
    ByCodes,
    ByIndependence,
    ByTerm,
    Everything,
    LookUpCountries,
    V31Lookup,
)
from countries.domain.lookups import Lookup, alpha_code, code_list
from countries.entrypoints.http.deps import LookUpCountriesDep
from countries.entrypoints.http.schemas.v31 import (
    FIELD_NAMES,
    V31Country,
    V31Error,
    record_body,
    records_body,
)

# The data changes at most once a day (a sync); the hosted service said a year.
CACHE_CONTROL = "public, max-age=3600"

_ERROR = {"model": V31Error, "content": {"application/json": {}}}
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {**_ERROR, "description": "a parameter the v3.1 API refused: Bad Request"},
    404: {**_ERROR, "description": "no country matches: Not Found"},
    "4XX": {**_ERROR, "description": "another request error, in the same body"},
    "5XX": {**_ERROR, "description": "the service cannot answer now (Retry-After)"},
    304: {"description": "the client's copy (If-None-Match) is current"},
}

router = APIRouter(prefix="/v3.1", tags=["REST Countries v3.1"], responses=ERROR_RESPONSES)

Fields = Annotated[
    str | None,
    Query(
        description="comma-separated top-level fields to keep (exact names; unknown ones are "
        "ignored); every field when absent. One of: " + ", ".join(FIELD_NAMES),
        examples=["name,capital,cca3"],
    ),
]


def _term(description: str, example: str) -> Any:
    return Path(description=description, examples=[example])


async def _answer(look_up: LookUpCountries, request: V31Lookup, fields: str | None) -> Response:
    countries = await look_up(request)
    return _ok(records_body(countries, fields))


def _ok(body: bytes) -> Response:
    return Response(body, media_type="application/json", headers={"Cache-Control": CACHE_CONTROL})


Records = list[V31Country]


@router.get("/all", summary="Every country", response_model=Records)
@inject
async def all_countries(look_up: LookUpCountriesDep, fields: Fields = None) -> Response:
    """Every country, by name. Unlike the last hosted server, `fields` is optional and may
    name more than 10 fields."""
    return await _answer(look_up, Everything(), fields)


@router.get("/name/{name}", summary="Countries by name", response_model=Records)
@inject
async def by_name(
    name: Annotated[str, _term("part of the common or official name or a spelling", "united")],
    look_up: LookUpCountriesDep,
    fields: Fields = None,
    full_text: Annotated[
        bool, Query(alias="fullText", description="the exact common or official name")
    ] = False,
) -> Response:
    """Substring of the common or official name or an alternative spelling, any case; with
    `fullText=true`, the first country whose common or official name is exactly `name`."""
    lookup = Lookup.FULL_NAME if full_text else Lookup.NAME
    return await _answer(look_up, ByTerm(lookup, name), fields)


@router.get(
    "/alpha/{code}",
    summary="Countries by code",
    response_model=list[V31Country] | V31Country,
)
@inject
async def by_code(
    code: Annotated[
        str,
        Path(
            description="cca2, ccn3, cca3 or cioc code, any case",
            examples=["col"],
            # Documented, not enforced here: `alpha_code` is the server's rule, quirk included.
            json_schema_extra={"minLength": 2, "maxLength": 3},
        ),
    ],
    look_up: LookUpCountriesDep,
    fields: Fields = None,
) -> Response:
    """The countries whose cca2, ccn3, cca3 or cioc is `code` (2 or 3 characters, else 400).
    As the hosted service did: an array without `fields`, the first match alone with them."""
    wanted = alpha_code(code)
    if wanted is None:
        raise HTTPException(400)
    countries = await look_up(ByTerm(Lookup.ALPHA, wanted))
    if fields:
        return _ok(record_body(countries[0], fields))
    return _ok(records_body(countries, None))


@router.get("/alpha", summary="Countries by a list of codes", response_model=Records)
@router.get("/alpha/", include_in_schema=False)
@inject
async def by_codes(
    codes: Annotated[
        str,
        Query(
            description="comma-separated codes; one alone is 2 or 3 characters",
            examples=["170,no,est,pe"],
            # Documented, not enforced here: `code_list` is the server's rule.
            json_schema_extra={"minLength": 2, "pattern": r"^([^,]{2,3}|[\s\S]*,[\s\S]*)$"},
        ),
    ],
    look_up: LookUpCountriesDep,
    fields: Fields = None,
) -> Response:
    """The countries any of the comma-separated codes names; a missing or empty list, one
    shorter than 2 characters, or one longer than 3 without a comma is a 400."""
    wanted = code_list(codes)
    if wanted is None:
        raise HTTPException(400)
    return await _answer(look_up, ByCodes(tuple(wanted)), fields)


def _lookup_route(lookup: Lookup, path: str, summary: str, doc: str, example: str) -> Any:
    """A route looking countries up by one term with `lookup`'s rule."""

    @router.get(
        f"/{path}/{{term}}",
        summary=summary,
        description=doc,
        name=f"by_{path}",
        response_model=Records,
    )
    @inject
    async def route(
        term: Annotated[str, _term(doc, example)],
        look_up: LookUpCountriesDep,
        fields: Fields = None,
    ) -> Response:
        return await _answer(look_up, ByTerm(lookup, term), fields)

    return route


by_currency = _lookup_route(
    Lookup.CURRENCY,
    "currency",
    "Countries by currency",
    "the currency's code (any case) or part of its name (lower case)",
    "cop",
)
by_demonym = _lookup_route(
    Lookup.DEMONYM, "demonym", "Countries by demonym", "part of a demonym, any case", "peruvian"
)
by_language = _lookup_route(
    Lookup.LANGUAGE, "lang", "Countries by language", "a language's code or name", "spanish"
)
by_capital = _lookup_route(
    Lookup.CAPITAL,
    "capital",
    "Countries by capital",
    "part of a capital, accents ignored",
    "tallinn",
)
by_region = _lookup_route(
    Lookup.REGION,
    "region",
    "Countries by region",
    "part of the region, or the exact subregion",
    "europe",
)
by_subregion = _lookup_route(
    Lookup.SUBREGION, "subregion", "Countries by subregion", "part of the subregion", "northern"
)
by_translation = _lookup_route(
    Lookup.TRANSLATION,
    "translation",
    "Countries by translated name",
    "part of the name in any translation",
    "alemania",
)


@router.get("/independent", summary="Countries by independence", response_model=Records)
@inject
async def by_independence(
    look_up: LookUpCountriesDep,
    status: Annotated[bool, Query(description="independent (true) or not (false)")] = True,
    fields: Fields = None,
) -> Response:
    """The independent countries, or with `status=false` the others."""
    return await _answer(look_up, ByIndependence(status), fields)
