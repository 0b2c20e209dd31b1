"""What every route module shares: the service context, JSON responses, the token check and
the limits helpers. ``Context`` lives on ``app.state.ctx``."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass

from fastapi import Header, Request
from fastapi.responses import JSONResponse

from aspan.core.jsonable import finite_or_none, json_default
from aspan.errors import AspanError, InputError
from aspan.service.catalog_cache import CatalogCache
from aspan.service.jobs import JobRunner, JobStore
from aspan.service.settings import Settings


class AuthError(AspanError):
    """A writing route without the right token (401 without one, 403 with a wrong one)."""

    def __init__(self, message: str, status: int, **kw) -> None:
        super().__init__(message, **kw)
        self.status = status


class TooLarge(AspanError):
    """A request body above the limit (413)."""


@dataclass
class Context:
    settings: Settings
    catalogs: CatalogCache
    jobs: JobStore
    runner: JobRunner


def ctx(request: Request) -> Context:
    return request.app.state.ctx


class AspanJSON(JSONResponse):
    """JSON with numpy values as plain numbers and NaN/inf as null."""

    def render(self, content) -> bytes:
        return json.dumps(finite_or_none(content), default=json_default, allow_nan=False,
                          ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def require_token(request: Request,
                  authorization: str | None = Header(None, include_in_schema=False)) -> None:
    """Writing routes: ``Authorization: Bearer $ASPAN_API_TOKEN``."""
    expected = ctx(request).settings.api_token
    if not expected:
        raise AuthError("writing is disabled: the server has no ASPAN_API_TOKEN",
                        403, hint="start the server with ASPAN_API_TOKEN set")
    if not authorization:
        raise AuthError("this route writes and needs a token: Authorization: Bearer TOKEN",
                        401, hint="the token is the server's ASPAN_API_TOKEN")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(token.strip().encode(),
                                                                 expected.encode()):
        raise AuthError("the token is wrong", 403, hint="use the server's ASPAN_API_TOKEN")


#: the largest catalog number an element set can carry (OMM's 9 digits)
MAX_NORAD = 999_999_999


def split_norads(values: list[str] | None, field: str = "norad") -> list[int] | None:
    from aspan.catalog.reports import parse_norads

    numbers = parse_norads(values)
    for number in numbers or ():
        check_norad(number, field)
    return numbers


def check_norad(number: int, field: str = "norad") -> int:
    """A catalog number in 0..999,999,999 (larger ones overflow SQLite and numpy integers)."""
    if not 0 <= number <= MAX_NORAD:
        raise InputError(f"catalog number {str(number)[:30]} is outside 0..{MAX_NORAD}",
                         field=field, hint="catalog numbers have at most 9 digits")
    return number


def check_span(span_s: float, limit_hours: float, hint: str) -> None:
    if span_s > limit_hours * 3600.0 + 1e-6:
        raise InputError(f"span {span_s / 3600.0:g} h is above the limit of {limit_hours:g} h "
                         "for this request", field="hours", value=span_s / 3600.0, hint=hint)


def check_steps(span_s: float, step_s: float, limit: int) -> None:
    n = int(span_s / step_s) + 1
    if n > limit:
        raise InputError(f"{n} time steps asked for, at most {limit} allowed",
                         field="step_s", value=step_s, hint="shorten the span or lengthen the step")


def span_of(start: str, stop: str) -> float:
    """Seconds from ``start`` to ``stop`` (ISO UTC), positive."""
    from aspan.satellites.passes import window

    return window(start, stop)[1]
