"""Settings: the one place configuration is read (environment, prefix ``POLYDESK_``).

Nothing here connects to anything; callers build engines and apps from a ``Settings`` value.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="POLYDESK_", extra="ignore")

    data_dir: Path = Field(default=Path("polydesk-data"), description="SQLite file and attachments")
    database_url: str | None = Field(default=None, description="SQLAlchemy URL; SQLite if unset")
    admin_login: str = "admin"
    admin_password: str | None = None
    max_upload_bytes: int = Field(default=25 * 1024 * 1024, gt=0)
    max_page_size: int = Field(default=200, gt=0, le=1000)
    default_page_size: int = Field(default=50, gt=0)
    embedded_worker: bool = True
    worker_poll_seconds: float = Field(default=1.0, gt=0)
    tick_interval_seconds: float = Field(default=60.0, gt=0)

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'polydesk.sqlite3').resolve()}"

    @property
    def attachments_dir(self) -> Path:
        return self.data_dir / "attachments"
