"""The retired REST Countries v3.1 routes, answered as the hosted service answered them.

An application written for https://restcountries.com/v3.1 works by changing only its base
URL (README.md, "Replacing REST Countries v3.1"). Every answer depends on the dataset
alone: `create_app` names these routes to the answer cache, which keeps their own
`Cache-Control`, adds an ETag and answers `If-None-Match` with a 304.
"""
# No `from __future__ import annotations` in route modules: dependency-injector reads the
# `Provide` markers from the evaluated `Annotated` signatures.

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

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
from countries.domain.lookups import Lookup, alpha_code, code_list, flag
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

Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])


def _get(path: str, **options: Any) -> Callable[[Endpoint], Endpoint]:
    """`router.get(path)`, answering `path/` the same, unlisted in the OpenAPI document."""

    # Micronaut matched a route with a trailing slash; Starlette would redirect it (307),
    # which clients that follow no redirect see as an empty answer.
    def register(endpoint: Endpoint) -> Endpoint:
        router.get(path, **options)(endpoint)
        router.get(path + "/", include_in_schema=False, **options)(endpoint)
        return endpoint

    return register


Fields = Annotated[
    str | None,
    Query(
        description="comma-separated top-level fields to keep (exact names; unknown ones are "
        "ignored); every field when absent. One of: " + ", ".join(FIELD_NAMES),
        examples=["name,capital,cca3"],
    ),
]


def _flag(description: str, alias: str | None = None) -> Any:
    # Any text: the server's conversion made every value true or false, never a 400.
    return Query(
        alias=alias,
        description=description + ": `true`, `yes`, `y`, `on` or `1` in any case; "
        "any other value is false",
        examples=["true"],
    )


def _term(description: str, example: str, name: str | None = None) -> Any:
    title = name.capitalize() if name else None
    return Path(alias=name, title=title, description=description, examples=[example])


def _as_micronaut_read(term: str) -> str:
    """A path's search term as the hosted server read it: `+` is a space.

    Micronaut decoded path values as form data (`URLDecoder`), so `/name/united+states`
    found the United States; no field a route searches holds a `+`.
    """
    return term.replace("+", " ")


async def _answer(look_up: LookUpCountries, request: V31Lookup, fields: str | None) -> Response:
    countries = await look_up(request)
    return _ok(records_body(countries, fields))


def _ok(body: bytes) -> Response:
    return Response(body, media_type="application/json", headers={"Cache-Control": CACHE_CONTROL})


Records = list[V31Country]


@_get("/all", summary="Every country", response_model=Records)
@inject
async def all_countries(look_up: LookUpCountriesDep, fields: Fields = None) -> Response:
    """Every country, by name. Unlike the last hosted server, `fields` is optional and may
    name more than 10 fields."""
    return await _answer(look_up, Everything(), fields)


@_get("/name/{name}", summary="Countries by name", response_model=Records)
@inject
async def by_name(
    name: Annotated[str, _term("part of the common or official name or a spelling", "united")],
    look_up: LookUpCountriesDep,
    fields: Fields = None,
    full_text: Annotated[
        str | None, _flag("the exact common or official name (false when absent)", "fullText")
    ] = None,
) -> Response:
    """Substring of the common or official name or an alternative spelling, any case; with
    `fullText=true`, the first country whose common or official name is exactly `name`."""
    lookup = Lookup.FULL_NAME if flag(full_text, default=False) else Lookup.NAME
    return await _answer(look_up, ByTerm(lookup, _as_micronaut_read(name)), fields)


@_get(
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


@_get("/alpha", summary="Countries by a list of codes", response_model=Records)
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


def _lookup_route(lookup: Lookup, name: str, doc: str, example: str) -> Any:
    """A route `/{lookup}/{name}` looking countries up by one term with `lookup`'s rule."""

    @_get(
        f"/{lookup.value}/{{{name}}}",  # each rule is named as its route's path
        summary=f"Countries by {name}",
        description=doc,
        name=f"by_{lookup.value}",
        response_model=Records,
    )
    @inject
    async def route(
        # One function for every such route: the alias gives the parameter its route's name.
        term: Annotated[str, _term(doc, example, name)],
        look_up: LookUpCountriesDep,
        fields: Fields = None,
    ) -> Response:
        return await _answer(look_up, ByTerm(lookup, _as_micronaut_read(term)), fields)

    return route


by_currency = _lookup_route(
    Lookup.CURRENCY,
    "currency",
    "the currency's code (any case) or part of its name (lower case)",
    "cop",
)
by_demonym = _lookup_route(Lookup.DEMONYM, "demonym", "part of a demonym, any case", "peruvian")
by_language = _lookup_route(Lookup.LANGUAGE, "language", "a language's code or name", "spanish")
by_capital = _lookup_route(
    Lookup.CAPITAL, "capital", "part of a capital, accents ignored", "tallinn"
)
by_region = _lookup_route(
    Lookup.REGION, "region", "part of the region, or the exact subregion", "europe"
)
by_subregion = _lookup_route(Lookup.SUBREGION, "subregion", "part of the subregion", "northern")
by_translation = _lookup_route(
    Lookup.TRANSLATION, "translation", "part of the name in any translation", "alemania"
)


@_get("/independent", summary="Countries by independence", response_model=Records)
@inject
async def by_independence(
    look_up: LookUpCountriesDep,
    status: Annotated[str | None, _flag("independent (true when absent) or not")] = None,
    fields: Fields = None,
) -> Response:
    """The independent countries, or with `status=false` (any value but a true word) the others."""
    return await _answer(look_up, ByIndependence(flag(status, default=True)), fields)
