"""The FastAPI application: a thin shell over the library (DESIGN.md rule 13).

``create_app(settings)`` builds it (``app`` is the one built from the environment); routes
live in ``routes_*`` modules, one per pillar. Every ``AspanError`` becomes a JSON 4xx/5xx
through ``aspan.errors.http_status``; validation errors are 422 with one readable message.
The dashboard pages are read into memory at start-up and served by name: no request path
reaches the file system.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from importlib.resources import files

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from aspan import __version__
from aspan.errors import AspanError, http_status
from aspan.service.catalog_cache import CatalogCache
from aspan.service.common import AspanJSON, AuthError, Context, TooLarge
from aspan.service.jobs import JobRunner, JobStore
from aspan.service.limits import BodyLimit
from aspan.service.settings import Settings

MEDIA = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
         ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml", ".txt": "text/plain"}


def _static_files() -> dict[str, tuple[bytes, str]]:
    """Every dashboard file by its name under ``static/`` (read once)."""
    out: dict[str, tuple[bytes, str]] = {}

    def walk(folder, prefix: str) -> None:
        for entry in folder.iterdir():
            name = prefix + entry.name
            if entry.is_dir():
                walk(entry, name + "/")
            elif "." + name.rsplit(".", 1)[-1] in MEDIA:
                out[name] = (entry.read_bytes(), MEDIA["." + name.rsplit(".", 1)[-1]])

    walk(files("aspan.service") / "static", "")
    return out


def _error(status: int, kind: str, message: str, field=None, **extra) -> JSONResponse:
    return JSONResponse(status_code=status,
                        content={"error": kind, "message": message, "field": field, **extra})


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        path = settings.store_path()
        from aspan.catalog.store import Store

        with Store(path):  # creates the store (and its folder) when missing
            pass
        jobs = JobStore(path)
        jobs.fail_unfinished()
        runner = JobRunner(jobs, settings.job_workers)
        app.state.ctx = Context(settings, CatalogCache(path), jobs, runner)
        try:
            yield
        finally:
            runner.shutdown()

    app = FastAPI(title="Aspan", version=__version__,
                  description="Catalogs and SGP4, passes, conjunctions, the Moon as an "
                  "observatory, spaceports. Reading is open; writing (catalog import/update, "
                  "jobs) needs `Authorization: Bearer $ASPAN_API_TOKEN`.",
                  docs_url=None, redoc_url=None, openapi_url="/api/v1/openapi.json",
                  default_response_class=AspanJSON, lifespan=lifespan)
    app.add_middleware(BodyLimit, default_bytes=settings.max_body_bytes,
                       upload_bytes=settings.max_upload_bytes,
                       upload_paths=("/api/v1/catalog/import",))

    @app.exception_handler(AspanError)
    def _aspan_error(_request: Request, error: AspanError) -> JSONResponse:
        status = error.status if isinstance(error, AuthError) else (
            413 if isinstance(error, TooLarge) else http_status(error))
        return _error(status, type(error).__name__, str(error), error.field)

    @app.exception_handler(StarletteHTTPException)
    def _http_error(_request: Request, error: StarletteHTTPException) -> JSONResponse:
        message = error.detail if isinstance(error.detail, str) else str(error.detail)
        if error.status_code == 404 and message == "Not Found":
            message = "no such route; the routes are listed in /api/v1/openapi.json"
        return _error(error.status_code, "HTTPError", message, None)

    @app.exception_handler(RequestValidationError)
    def _invalid(_request: Request, error: RequestValidationError) -> JSONResponse:
        parts, first = [], None
        for item in error.errors():
            loc = [str(x) for x in item.get("loc", ()) if x not in ("query", "body", "path")]
            where = ".".join(loc) or "request"
            first = first or where
            parts.append(f"{where}: {item.get('msg', 'invalid')}")
        return _error(422, "RequestValidationError", "; ".join(parts), first,
                      detail=[{"loc": list(i.get("loc", ())), "msg": i.get("msg")}
                              for i in error.errors()])

    from aspan.service import (
        routes_catalog,
        routes_jobs,
        routes_launch,
        routes_meta,
        routes_moon,
        routes_satellites,
    )

    for module in (routes_meta, routes_catalog, routes_satellites, routes_moon, routes_launch,
                   routes_jobs):
        app.include_router(module.router)
    _add_optional_routes(app)

    static = _static_files()

    @app.get("/", include_in_schema=False)
    def index() -> Response:
        body, media = static["index.html"]
        return Response(body, media_type=media)

    @app.get("/ui/{name:path}", include_in_schema=False)
    def ui(name: str) -> Response:
        found = static.get(name)
        if found is None:
            return _error(404, "NotFound", f"no dashboard file {name[:80]!r}", "name")
        return Response(found[0], media_type=found[1],
                        headers={"Cache-Control": "no-cache",
                                 "X-Content-Type-Options": "nosniff"})

    return app


def _add_optional_routes(app: FastAPI) -> None:
    """Routes of pillars that may be absent from this installation (observing)."""
    try:
        from aspan.service import routes_observing
    except ImportError:
        return
    app.include_router(routes_observing.router)


app = create_app()
