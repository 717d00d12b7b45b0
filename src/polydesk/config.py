"""Settings: the one place configuration is read (environment, prefix ``POLYDESK_``).

Nothing here connects to anything; callers build engines and apps from a ``Settings`` value.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


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
    smtp_host: str = Field(default="", description="outgoing mail server; empty: mail stays queued")
    smtp_port: int = Field(default=25, gt=0, lt=65536)
    smtp_username: str = ""
    smtp_password: SecretStr = SecretStr("")
    smtp_starttls: bool = False
    smtp_ssl: bool = Field(default=False, description="implicit TLS (usually port 465)")
    smtp_timeout: float = Field(default=30.0, gt=0)
    smtp_helo: str = Field(default="", description="name sent in EHLO; empty: this host's FQDN")
    mail_from: str = Field(default="polydesk@localhost", description="system sender address")
    mail_max_message_bytes: int = Field(
        default=30 * 1024 * 1024, gt=0, description="largest incoming message (mail in)"
    )
    jwt_secret: SecretStr | None = Field(
        default=None,
        min_length=32,
        description="HS256 key of the OAuth2 JWTs (Motadata); unset: generated once, in the DB",
    )

    web_session_idle_seconds: int = Field(
        default=3600, gt=0, description="web UI: a session ends after this long without a request"
    )
    web_session_max_seconds: int = Field(
        default=12 * 3600, gt=0, description="web UI: a session ends this long after sign-in"
    )

    log_format: Literal["text", "json"] = Field(default="text", description="log line format")
    log_level: str = Field(default="INFO", description="DEBUG, INFO, WARNING, ERROR or CRITICAL")
    max_request_bytes: int | None = Field(
        default=None, gt=0, description="largest request body; unset: room for the largest upload"
    )

    @field_validator("log_format", mode="before")
    @classmethod
    def _format_lower(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"log_level must be one of {', '.join(LOG_LEVELS)}")
        return level

    @property
    def effective_max_request_bytes(self) -> int:
        """The request size limit: when unset, the largest upload base64-encoded (the dialects
        that take files in JSON or XML send them so) plus 1 MiB for the form around it."""
        if self.max_request_bytes is not None:
            return self.max_request_bytes
        return self.max_upload_bytes * 4 // 3 + 1024 * 1024

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'polydesk.sqlite3').resolve()}"

    @property
    def attachments_dir(self) -> Path:
        return self.data_dir / "attachments"
