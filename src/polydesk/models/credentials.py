"""Credentials for every edge: API tokens, dialect API keys, OAuth clients/tokens, sessions.

Secrets are stored as SHA-256 digests of random tokens (high-entropy, so a fast hash is right;
passwords use argon2 on the user row).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from polydesk.db.base import Base


class ApiToken(Base):
    """Personal token for the native API."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class ApiKey(Base):
    """A dialect's API key (ReadyDesk ``key``, InvGate API user key) with an IP allow-list."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    dialect: Mapped[str] = mapped_column(String(32), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # acts as this user
    allowed_ips: Mapped[list[str]] = mapped_column(JSON, default=list)  # empty: any address
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class OAuthClient(Base):
    __tablename__ = "oauth_clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(191))
    secret_hash: Mapped[str] = mapped_column(String(64))
    grant_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    scopes: Mapped[list[str]] = mapped_column(JSON, default=list)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # client-credential actor
    is_enabled: Mapped[bool] = mapped_column(default=True)  # can be switched off and on again
    access_token_seconds: Mapped[int] = mapped_column(default=7200)
    refresh_token_seconds: Mapped[int] = mapped_column(default=30 * 24 * 3600)
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class OAuthToken(Base):
    """Issued OAuth tokens by ``jti``, so they can be revoked and refreshed."""

    __tablename__ = "oauth_tokens"

    jti: Mapped[str] = mapped_column(String(64), primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("oauth_clients.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))  # access, refresh
    scopes: Mapped[list[str]] = mapped_column(JSON, default=list)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    revoked_at: Mapped[datetime | None]


class AuthSession(Base):
    """Login sessions (Znuny SessionID, web UI), stored so any process can check them."""

    __tablename__ = "auth_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))  # znuny-agent, znuny-customer, web ...
    # Where the session was created from (Znuny SessionGet reports UserRemoteAddr).
    remote_addr: Mapped[str] = mapped_column(String(64), default="", server_default="")
    # The client's User-Agent header, whole (Znuny SessionGet reports UserRemoteUserAgent).
    user_agent: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime]
    last_used_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)


class LoginThrottle(Base):
    """Failed logins per client address and per account-from-address (credentials.throttle).

    Kept in the database so every app process counts the same failures. ``key`` is a digest
    of the subject (the address, or login + address), so no attempted login name of any
    length is stored in clear."""

    __tablename__ = "login_throttles"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    scope: Mapped[str] = mapped_column(String(16))  # address, account
    failures: Mapped[int] = mapped_column(default=0)
    last_failed_at: Mapped[datetime] = mapped_column(index=True)  # old rows are swept by it
    locked_until: Mapped[datetime | None]


class WebSession(Base):
    """A signed-in browser of the web UI (polydesk.websessions). The cookie holds a random
    token; the row keeps only its SHA-256 digest as its id, so a copy of the database signs
    nobody in. ``csrf_secret`` is the token every form and htmx request of the session sends
    back; ``expires_at`` is the absolute end, the idle end is ``last_seen_at`` + the idle
    limit (a setting, so changing it applies to live sessions at once)."""

    __tablename__ = "web_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_secret: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)  # swept by the purge task
