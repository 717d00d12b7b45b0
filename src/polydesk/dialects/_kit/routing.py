"""Paths two products share, and the rule that decides whose request it is.

``POST /api/v1/incident`` is Motadata's "create an incident" (a JSON body, a Bearer token from
``/api/oauth/token``) and InvGate's ``incident`` endpoint (form or query parameters, Basic auth
or InvGate's own OAuth2 token). The rule reads headers only, so the body stays unread for
whichever dialect gets the request:

1. ``Content-Type`` is JSON (``application/json`` or ``application/*+json``): Motadata.
2. ``Authorization: Bearer <token>`` where the token is one ``/api/oauth/token`` issued (its
   signature checks out with our key; expired ones count): Motadata.
3. Anything else: InvGate.

Neither dialect imports the other: the Motadata router owns the route and hands InvGate-shaped
requests to the handler ``app.py`` gives it (see ``motadata/SPEC.md``, "Shared path").
"""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable, Mapping
from enum import StrEnum

from fastapi import Request, Response

RequestHandler = Callable[[Request], Awaitable[Response]]


class Owner(StrEnum):
    MOTADATA = "motadata"
    INVGATE = "invgate"


def bearer_token(headers: Mapping[str, str]) -> str | None:
    """The token of an ``Authorization: Bearer`` header (scheme in any case), else None."""
    scheme, _, token = headers.get("authorization", "").strip().partition(" ")
    if scheme.lower() != "bearer" or "\x00" in token:  # no token we issue holds NUL
        return None
    return token.strip() or None


def basic_credentials(headers: Mapping[str, str]) -> tuple[str, str] | None:
    """``name, secret`` from ``Authorization: Basic`` (a client or a user); None when absent or
    unreadable (not base64, not ASCII, not UTF-8, holding NUL)."""
    scheme, _, encoded = headers.get("authorization", "").strip().partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode("".join(encoded.split()), validate=True).decode()
    except ValueError:  # not base64 (binascii.Error), non-ASCII header text, not UTF-8
        return None
    name, colon, secret = decoded.partition(":")
    # NUL cannot be in any stored login or secret (and PostgreSQL refuses it in a query).
    return (name, secret) if colon and name and "\x00" not in decoded else None


def is_json(headers: Mapping[str, str]) -> bool:
    media = headers.get("content-type", "").split(";")[0].strip().lower()
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


def owner_of_incident_post(
    headers: Mapping[str, str], is_motadata_token: Callable[[str], bool]
) -> Owner:
    """Who answers ``POST /api/v1/incident`` (the rule above); ``headers`` has lower-case
    keys (Starlette's ``Headers`` qualifies)."""
    if is_json(headers):
        return Owner.MOTADATA
    token = bearer_token(headers)
    if token is not None and is_motadata_token(token):
        return Owner.MOTADATA
    return Owner.INVGATE
