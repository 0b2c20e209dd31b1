"""The FastAPI application: a thin shell over the library (DESIGN.md rule 13).

Today it serves the landing page, a health check and the read-only catalog; the pillars are
added to ``/api/v1`` as they land. Every ``AspanError`` becomes a JSON 4xx/5xx through
``aspan.errors.http_status``.
"""

from __future__ import annotations

from importlib.resources import files

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse

from aspan import __version__
from aspan.errors import AspanError, http_status

app = FastAPI(
    title="Aspan",
    version=__version__,
    description="Catalogs and SGP4, passes, the Moon as an observatory, spaceports.",
    docs_url="/api/docs",
    openapi_url="/api/v1/openapi.json",
)


@app.exception_handler(AspanError)
def _aspan_error(_request: Request, error: AspanError) -> JSONResponse:
    return JSONResponse(
        status_code=http_status(error),
        content={"error": type(error).__name__, "message": str(error), "field": error.field},
    )


@app.get("/", response_class=HTMLResponse, include_in_schema=False)
def index() -> str:
    return (files("aspan.service") / "static" / "index.html").read_text(encoding="utf-8")


@app.get("/api/v1/health")
def health() -> dict:
    """Liveness and version."""
    return {"status": "ok", "version": __version__}
