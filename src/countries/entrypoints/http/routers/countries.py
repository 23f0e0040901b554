"""Read routes: list, search, sort and page countries; one country by code.

The list and the detail depend on the dataset alone: `create_app` names them to the answer
cache, which adds their ETag and serves them again while the dataset version holds.
"""
# No `from __future__ import annotations` in route modules: dependency-injector reads the
# `Provide` markers from the evaluated `Annotated` signatures.

from typing import Annotated, Any

import orjson
from dependency_injector.wiring import inject
from fastapi import APIRouter, Depends, Query, Response

from countries.application.export import ExportExcel
from countries.application.reports import XLSX_MEDIA_TYPE
from countries.entrypoints.http.deps import (
    ExportExcelDep,
    GetCountryDep,
    ListCountriesDep,
)
from countries.entrypoints.http.problems import PROBLEM_RESPONSES
from countries.entrypoints.http.query_models import QueryModel
from countries.entrypoints.http.schemas.common import CodePath
from countries.entrypoints.http.schemas.countries import (
    CountryOut,
    CountryPageOut,
    CountryPageParams,
    FieldsParams,
    country_encoded,
    country_json,
    only_fields,
    page_body,
)

router = APIRouter(prefix="/countries", tags=["countries"], responses=PROBLEM_RESPONSES)

NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "the client's copy (If-None-Match) is current"}
}


def _json(content: Any) -> Response:
    return Response(orjson.dumps(content), media_type="application/json")


@router.get(
    "",
    response_model=CountryPageOut,
    responses=NOT_MODIFIED,
    summary="List, search, sort and page countries",
)
# Every query never asked before comes here: its parameters are read by pydantic in one
# call (`query_models`), and documented from the model when the OpenAPI document is made.
@inject
async def list_countries(
    params: Annotated[CountryPageParams, Depends(QueryModel(CountryPageParams))],
    list_countries: ListCountriesDep,
) -> Response:
    page = await list_countries(params.to_query())
    return Response(page_body(page, params.field_set()), media_type="application/json")


@router.get(
    "/export",
    response_class=Response,
    responses={
        200: {
            "description": "the workbook, as an attachment named after its filters, page and date",
            # The same bytes declared as octet-stream too: client generators that know no
            # spreadsheet type (openapi-python-client) keep the route, as a download of bytes.
            "content": {
                XLSX_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}},
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
            },
        }
    },
    summary="The filtered, sorted (and paged) list as an .xlsx download",
    description=ExportExcel.__doc__,
)
@inject
async def export_countries(
    params: Annotated[CountryPageParams, Query()], export_excel: ExportExcelDep
) -> Response:
    workbook = await export_excel(params.to_export_query())
    disposition = f'attachment; filename="{workbook.filename}"'
    return Response(
        workbook.content, media_type=XLSX_MEDIA_TYPE, headers={"Content-Disposition": disposition}
    )


@router.get(
    "/{code}", response_model=CountryOut, responses=NOT_MODIFIED, summary="One country by code"
)
@inject
async def get_country(
    code: CodePath, params: Annotated[FieldsParams, Query()], get_country: GetCountryDep
) -> Response:
    country = await get_country(code)
    fields = params.field_set()
    if fields is None:
        return Response(orjson.dumps(country_encoded(country)), media_type="application/json")
    return _json(only_fields(country_json(country), fields))
