"""Swagger UI, ReDoc and a small index page, served from the package so they work offline.

The assets come from the `fastapi-offline` package: Swagger UI 5 (the first major version
that reads the OpenAPI 3.1 schema FastAPI writes) and the ReDoc standalone bundle. Only its
files are used; the pages are FastAPI's own, on routes of ours.
"""

from __future__ import annotations

from html import escape

from fastapi import APIRouter, FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

_ASSETS = "/docs-assets"
_ASSETS_PACKAGE = ("fastapi_offline", "static")

_INDEX = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" type="image/png" href="docs-assets/favicon.png">
<style>body {{ font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto;
padding: 0 1rem; line-height: 1.5 }}</style>
</head>
<body>
<h1>{title}</h1>
<p>The countries of the world over REST, synced from REST Countries.</p>
<ul>
<li><a href="docs">Interactive API docs</a> (Swagger UI: try every route)</li>
<li><a href="redoc">API reference</a> (ReDoc)</li>
<li><a href="countries">The countries</a> (JSON)</li>
<li><a href="health">Health</a> (JSON)</li>
<li><a href="openapi.json">OpenAPI schema</a></li>
</ul>
</body>
</html>
"""


def install_docs(app: FastAPI) -> None:
    """Mount the bundled assets and add `/docs`, `/redoc` and the `/` index to `app`."""
    app.mount(_ASSETS, StaticFiles(packages=[_ASSETS_PACKAGE]), name="docs-assets")
    app.include_router(_docs_router(app))


def _docs_router(app: FastAPI) -> APIRouter:
    # Pages for people, not operations of the API: they stay out of the schema.
    router = APIRouter(include_in_schema=False)

    schema_url = app.openapi_url or "/openapi.json"

    @router.get("/docs")
    async def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=schema_url,
            title=f"{app.title} - API docs",
            swagger_js_url=f"{_ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{_ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{_ASSETS}/favicon.png",
        )

    @router.get("/redoc")
    async def redoc() -> HTMLResponse:
        return get_redoc_html(
            openapi_url=schema_url,
            title=f"{app.title} - API reference",
            redoc_js_url=f"{_ASSETS}/redoc.standalone.js",
            redoc_favicon_url=f"{_ASSETS}/favicon.png",
            with_google_fonts=False,  # offline: the system fonts do
        )

    index = _INDEX.format(title=escape(app.title))

    @router.get("/")
    async def home() -> HTMLResponse:
        return HTMLResponse(index)

    return router
