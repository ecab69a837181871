"""The API's documentation pages from files installed with the product: no request leaves the host.

FastAPI's own ``/docs`` and ``/redoc`` load Swagger UI, ReDoc and fonts from a public CDN, so in a
municipal network without internet access they stay blank. Here the same pages load their scripts
and styles from ``/docs/assets``, served from the assets that the ``fastapi-offline`` package ships
(Swagger UI and ReDoc, with their licences); Google fonts and Swagger's online validator are off.
"""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

__all__ = ["ASSETS_URL", "mount_docs"]

ASSETS_URL = "/docs/assets"
_ASSETS = Path(fastapi_offline.__file__).resolve().parent / "static"


def mount_docs(app: FastAPI) -> None:
    """``/docs`` (Swagger UI) and ``/redoc`` (ReDoc) over ``app.openapi_url``, assets from the package."""
    title, spec = app.title, app.openapi_url or "/openapi.json"
    app.mount(ASSETS_URL, StaticFiles(directory=_ASSETS), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=spec, title=f"{title} - Swagger UI",
                                   swagger_js_url=f"{ASSETS_URL}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{ASSETS_URL}/swagger-ui.css",
                                   swagger_favicon_url=f"{ASSETS_URL}/favicon.png",
                                   swagger_ui_parameters={"validatorUrl": None})

    @app.get("/redoc", include_in_schema=False)
    async def redoc() -> HTMLResponse:
        return get_redoc_html(openapi_url=spec, title=f"{title} - ReDoc",
                              redoc_js_url=f"{ASSETS_URL}/redoc.standalone.js",
                              redoc_favicon_url=f"{ASSETS_URL}/favicon.png", with_google_fonts=False)
