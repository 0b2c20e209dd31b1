"""CelesTrak GP data: fetch a group (``gp.php?GROUP=active&FORMAT=tle``), cache it, import it.

CelesTrak's usage policy (celestrak.org/usage-policy.php and the FAQ of
celestrak.org/NORAD/documentation/gp-data-formats.php): GP data are updated at most once
every 2 hours, so asking more often only costs them; clients that repeat requests get HTTP 403
and end up firewalled; any answer other than HTTP 200 (301, 403, 404, 5xx) means stop and show
a human. So this client:

- sends a User-Agent naming Aspan;
- keeps every good answer under ``$ASPAN_HOME/cache/celestrak`` and does not ask again for
  the same URL within ``MIN_REFETCH_S`` (2 hours): the cached copy is used instead;
- after an HTTP 403 it does not ask again for 2 hours either;
- never follows redirects and never retries: a non-200 answer is a ``NetworkError`` that says
  what CelesTrak answered and what to do;
- treats CelesTrak's "GP data has not updated since your last successful download" text as
  "use the cached copy".
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

from aspan import __version__
from aspan.catalog.store import ImportReport, Progress, Store
from aspan.catalog.store_schema import aspan_home
from aspan.errors import InputError, NetworkError, ParseError

DEFAULT_URL_BASE = "https://celestrak.org/NORAD/elements/gp.php"
MIN_REFETCH_S = 2 * 3600
USER_AGENT = f"aspan/{__version__} (satellite catalog tool; caches GP data for 2 hours)"
NOT_UPDATED = b"GP data has not updated"
_GROUP = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


@dataclass(frozen=True)
class Fetched:
    """An answer from CelesTrak, or the cached copy of one."""

    url: str
    data: bytes
    fetched_at: float  # POSIX seconds of the request that got ``data``
    from_cache: bool
    note: str = ""


def gp_url(group: str = "active", *, fmt: str = "tle", url_base: str = DEFAULT_URL_BASE) -> str:
    """The GP query URL of a group, e.g. ``.../gp.php?GROUP=active&FORMAT=tle``."""
    if not _GROUP.match(group or ""):
        raise InputError(f"group {group!r} is not a CelesTrak group name",
                         field="group", value=group, hint="e.g. active, stations, weather")
    return f"{url_base.rstrip('?')}?GROUP={group}&FORMAT={fmt}"


def default_cache_dir() -> Path:
    return aspan_home() / "cache" / "celestrak"


class GPCache:
    """Cached answers, one data file and one JSON note per URL."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else default_cache_dir()

    def _paths(self, url: str) -> tuple[Path, Path]:
        stem = hashlib.sha256(url.encode()).hexdigest()[:20]
        return self.folder / f"{stem}.data", self.folder / f"{stem}.json"

    def meta(self, url: str) -> dict:
        _, meta_path = self._paths(url)
        try:
            return json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def data(self, url: str) -> bytes | None:
        data_path, _ = self._paths(url)
        try:
            return data_path.read_bytes()
        except OSError:
            return None

    def write_meta(self, url: str, **changes) -> None:
        meta = {**self.meta(url), "url": url, **changes}
        _, meta_path = self._paths(url)
        self.folder.mkdir(parents=True, exist_ok=True)
        _atomic_write(meta_path, json.dumps(meta, indent=1).encode())

    def save(self, fetched: Fetched) -> None:
        """Keep a good answer (call after it was parsed successfully)."""
        data_path, _ = self._paths(fetched.url)
        self.folder.mkdir(parents=True, exist_ok=True)
        _atomic_write(data_path, fetched.data)
        self.write_meta(fetched.url, ok_at=fetched.fetched_at,
                        sha256=hashlib.sha256(fetched.data).hexdigest())


def fetch_gp(url: str, *, cache: GPCache | None = None, min_interval_s: float = MIN_REFETCH_S,
             timeout_s: float = 60.0, now: float | None = None) -> Fetched:
    """The data at ``url``: the cached copy when younger than ``min_interval_s``, else a
    fresh request. The caller saves a good answer with ``cache.save(fetched)``."""
    import httpx

    cache = cache or GPCache()
    now = time.time() if now is None else now
    meta = cache.meta(url)
    cached = cache.data(url)
    ok_at = meta.get("ok_at")
    if cached is not None and ok_at is not None and now - ok_at < min_interval_s:
        return Fetched(url, cached, ok_at, True,
                       f"using the copy fetched {_ago(now - ok_at)} ago; CelesTrak updates GP "
                       f"data every 2 hours, next download allowed in "
                       f"{_ago(ok_at + min_interval_s - now)}")
    blocked_at = meta.get("blocked_at")
    if blocked_at is not None and now - blocked_at < min_interval_s:
        raise NetworkError(f"CelesTrak refused the last request for {url} with HTTP 403, "
                           f"{_ago(now - blocked_at)} ago; Aspan will not ask again for "
                           f"{_ago(blocked_at + min_interval_s - now)}",
                           hint="see https://celestrak.org/usage-policy.php")
    try:
        with httpx.Client(headers={"User-Agent": USER_AGENT}, timeout=timeout_s,
                          follow_redirects=False) as client:
            response = client.get(url)
    except httpx.TimeoutException:
        raise NetworkError(f"no answer from {url} within {timeout_s:g} s",
                           hint="check the network and try again later") from None
    except (httpx.HTTPError, OSError) as error:
        raise NetworkError(f"cannot reach {url}: {error}",
                           hint="check the network connection or --url-base") from None
    cache.write_meta(url, last_attempt_at=now, last_status=response.status_code)
    if response.status_code != 200:
        if response.status_code == 403:
            cache.write_meta(url, blocked_at=now)
        raise _status_error(url, response)
    body = response.content
    if body.lstrip().startswith(NOT_UPDATED):
        first = body.decode("utf-8", "replace").split("\n")[0].strip()
        if cached is not None:
            return Fetched(url, cached, ok_at or now, True,
                           f"CelesTrak: {first!r}; using the cached copy")
        raise NetworkError(f"CelesTrak answered {first!r} and there is no cached copy of {url}",
                           hint="wait 2 hours before asking again")
    return Fetched(url, body, now, False)


@dataclass(frozen=True)
class UpdateResult:
    """What ``update_from_celestrak`` fetched and what the import did."""

    fetched: Fetched
    report: ImportReport


def update_from_celestrak(store: Store, *, group: str = "active", fmt: str = "tle",
                          url_base: str = DEFAULT_URL_BASE, strict: bool = True,
                          cache: GPCache | None = None, min_interval_s: float = MIN_REFETCH_S,
                          progress: Progress | None = None) -> UpdateResult:
    """Fetch a CelesTrak group (or reuse the cached copy) and import it into ``store``.

    Errors leave the store unchanged: ``NetworkError`` for a failed request or a non-200
    answer, ``ParseError`` when the answer is not GP data. Only answers that parsed are cached.
    """
    cache = cache or GPCache()
    url = gp_url(group, fmt=fmt, url_base=url_base)
    fetched = fetch_gp(url, cache=cache, min_interval_s=min_interval_s)
    try:
        report = store.import_bytes(fetched.data, source=url, strict=strict, progress=progress)
    except ParseError as error:
        raise _not_gp_data(fetched, error) from None
    if not fetched.from_cache:
        cache.save(fetched)
    return UpdateResult(fetched, report)


def _not_gp_data(fetched: Fetched, error: ParseError) -> ParseError:
    """A ParseError that says the answer from CelesTrak was not GP data."""
    head = fetched.data[:120].decode("utf-8", "replace").strip().split("\n")[0]
    return ParseError(f"the answer from {fetched.url} is not GP data (it begins {head!r}): "
                      f"{error.message}", hint="check --group and --url-base; the store is "
                      "unchanged")


def _status_error(url: str, response) -> NetworkError:
    status = response.status_code
    reason = response.reason_phrase or ""
    detail = response.text[:200].strip().replace("\n", " ")
    said = f" ({detail!r})" if detail else ""
    if status in (301, 302, 307, 308):
        return NetworkError(f"{url} answered HTTP {status} {reason}, a redirect to "
                            f"{response.headers.get('location', '?')}: the URL is outdated",
                            hint=f"use --url-base {DEFAULT_URL_BASE}")
    if status == 403:
        return NetworkError(f"CelesTrak refused {url} with HTTP 403 Forbidden{said}: this "
                            "address may be downloading too often and may be blocked",
                            hint="stop and wait at least 2 hours; Aspan will not ask again "
                                 "before then (see https://celestrak.org/usage-policy.php)")
    if status == 404:
        return NetworkError(f"{url} answered HTTP 404 Not Found{said}",
                            hint="check the group name (--group) and --url-base")
    if status >= 500:
        return NetworkError(f"{url} answered HTTP {status} {reason}{said}: a server error",
                            hint="CelesTrak may be down; try again later, not in a loop")
    return NetworkError(f"{url} answered HTTP {status} {reason}{said}",
                        hint="expected HTTP 200 with GP data")


def _ago(seconds: float) -> str:
    seconds = max(0.0, float(seconds))
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
