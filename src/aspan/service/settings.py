"""Service settings from ``ASPAN_*`` environment variables (pydantic-settings).

Limits keep one request bounded: spans, steps and objects above them answer 422 with the limit
in the message; requests larger than the job limits are refused, smaller ones that are still
long (catalog screening, passes over days) run as jobs.
"""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """``ASPAN_HOME`` holds the store (``ASPAN_STORE`` overrides its path); ``ASPAN_API_TOKEN``
    guards writing routes (unset: writing is refused)."""

    model_config = SettingsConfigDict(env_prefix="ASPAN_")

    #: None: as the CLI (``$XDG_DATA_HOME/aspan``, else ``~/.local/share/aspan``)
    home: Path | None = None
    store: Path | None = None
    api_token: str | None = None
    #: request bodies (JSON) and catalog uploads, bytes
    max_body_bytes: int = 64_000
    max_upload_bytes: int = 50_000_000
    #: synchronous requests
    max_span_hours: float = 48.0
    max_objects: int = 50
    max_steps: int = 20_000
    max_states: int = 200_000
    max_days: float = 366.0
    #: jobs
    max_job_hours: float = 168.0
    max_job_objects: int = 30_000
    job_workers: int = 1
    #: the shared lunar horizon table (lunar-horizons.csv) behind ``horizon=table``
    horizon_table: Path | None = None
    #: CelesTrak GP endpoint for catalog updates (never taken from a request)
    celestrak_url: str | None = None

    def store_path(self) -> Path:
        """The store the CLI uses too: ``ASPAN_STORE``, else ``$ASPAN_HOME/aspan.db``."""
        from aspan.catalog.store_schema import default_store_path

        if self.store is not None:
            return self.store
        return self.home / "aspan.db" if self.home is not None else default_store_path()
