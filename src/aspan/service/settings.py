"""Service settings from ``ASPAN_*`` environment variables (pydantic-settings)."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """``ASPAN_HOME`` holds the store; ``ASPAN_API_TOKEN`` guards writing routes."""

    model_config = SettingsConfigDict(env_prefix="ASPAN_")

    home: Path = Path.home() / ".local" / "share" / "aspan"
    api_token: str | None = None
    max_body_bytes: int = 50_000_000
