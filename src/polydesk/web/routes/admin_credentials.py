"""Admin pages for the dialects' credentials (``/admin/credentials``): ReadyDesk/InvGate API
keys, OAuth clients (Motadata, InvGate), the Integria allow-list and API password, and the
Znuny web services (import a YAML export, list, delete). The same core calls as the admin API
(``/api-keys``, ``/oauth-clients``, ``/settings/integria.*``, ``/webservices``) and the CLI.

A generated secret is on the page that created it, once: that answer is never a redirect to
a list, the lists show no secrets (only digests are stored), nothing logs them, and the page
is ``no-store`` like every page.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Query, Request, Response, UploadFile

from polydesk.core.errors import DomainError, ErrorKind, ValidationFailed, not_found
from polydesk.credentials.admin import (
    change_integria_access,
    create_client,
    create_dialect_key,
    credentials_overview,
    import_webservice,
    integria_access,
    revoke_api_key,
)
from polydesk.credentials.service import DIALECTS, GRANTS, delete_oauth_client
from polydesk.settings.service import ip_entries
from polydesk.web.deps import DbSession
from polydesk.web.errors import WebRoute, redirect
from polydesk.web.render import page
from polydesk.web.routes.admin_forms import AdminSession, CheckedAdmin
from polydesk.webservices.service import delete_webservice
from polydesk.websessions.service import LiveSession

router = APIRouter(route_class=WebRoute, include_in_schema=False)

BASE = "/admin/credentials"
#: A Znuny export is a few kilobytes; this bounds an upload before it is read.
MAX_WEBSERVICE_YAML = 1_000_000
#: Which form field a refusal is about, by the core's error code.
FIELD_OF = {
    "apikey.unknown_dialect": "dialect",
    "apikey.invalid_ip": "allowed_ips",
    "user.not_found": "user",
    "user.disabled": "user",
    "oauth.invalid_grant": "grants",
    "oauth.client_needs_user": "user",
    "oauth.invalid_client_id": "client_id",
    "oauth.client_id_taken": "client_id",
    "setting.invalid_value": "allowed_ips",
    "webservice.invalid_name": "name",
    "webservice.invalid_config": "document",
}
DONE = {
    "key-revoked": "The API key was revoked: it no longer works.",
    "client-deleted": "The OAuth client was deleted; every token it was issued stopped working.",
    "integria-saved": "Integria access saved.",
    "webservice-saved": "Web service saved.",
    "webservice-deleted": "Web service deleted: its address now answers as unknown.",
}
Text = Annotated[str, Form(max_length=191)]
Lines = Annotated[str, Form(max_length=10_000)]


def _context(**values: Any) -> dict[str, Any]:
    return {"section": "admin", **values}


def _form(
    request: Request,
    live: LiveSession,
    template: str,
    values: dict[str, Any],
    refused: DomainError | None = None,
) -> Response:
    errors = {FIELD_OF.get(refused.code, ""): refused.message} if refused else {}
    context = _context(
        values=values, errors=errors, dialects=sorted(DIALECTS), grants=sorted(GRANTS)
    )
    status = 422 if refused else 200
    return page(request, f"admin/credentials/{template}", context, live=live, status=status)


def _on_form(refused: DomainError) -> DomainError:
    """A refusal the form shows (bad or taken input, an unknown login); others are pages."""
    if refused.kind in (ErrorKind.VALIDATION, ErrorKind.CONFLICT) or refused.code in FIELD_OF:
        return refused
    raise refused


def _secret(
    request: Request, live: LiveSession, what: str, rows: list[tuple[str, str]]
) -> Response:
    context = _context(what=what, rows=rows)
    return page(request, "admin/credentials/secret.html", context, live=live, status=201)


@router.get(BASE)
def credentials(
    request: Request,
    session: DbSession,
    live: AdminSession,
    done: Annotated[str | None, Query(max_length=32)] = None,
) -> Response:
    found = credentials_overview(session, live.actor)
    notice = DONE.get(done or "", "")  # fixed texts: the address cannot put words on the page
    return page(
        request, "admin/credentials/index.html", _context(found=found, notice=notice), live=live
    )


@router.get(f"{BASE}/api-keys/new")
def api_key_form(request: Request, live: AdminSession) -> Response:
    return _form(request, live, "api_key.html", {"dialect": "readydesk"})


@router.post(f"{BASE}/api-keys/new")
def api_key_made(
    request: Request,
    session: DbSession,
    live: CheckedAdmin,
    dialect: Text,
    allowed_ips: Lines = "",
    user: Text = "",
) -> Response:
    values = {"dialect": dialect, "allowed_ips": allowed_ips, "user": user}
    try:
        key = create_dialect_key(
            session,
            live.actor,
            dialect=dialect,
            allowed_ips=ip_entries(allowed_ips),
            login=user.strip() or None,
        )
    except DomainError as refused:
        return _form(request, live, "api_key.html", values, _on_form(refused))
    return _secret(request, live, f"{dialect} API key", [("Key", key)])


@router.post(f"{BASE}/api-keys/revoke")
def api_key_revoked(
    request: Request, session: DbSession, live: CheckedAdmin, key_id: Annotated[int, Form(ge=1)]
) -> Response:
    revoke_api_key(session, live.actor, key_id)
    return redirect(request, f"{BASE}?done=key-revoked")


@router.get(f"{BASE}/oauth-clients/new")
def oauth_client_form(request: Request, live: AdminSession) -> Response:
    return _form(request, live, "oauth_client.html", {"grants": ["password", "refresh_token"]})


@router.post(f"{BASE}/oauth-clients/new")
def oauth_client_made(
    request: Request,
    session: DbSession,
    live: CheckedAdmin,
    name: Annotated[str, Form(max_length=191)] = "",
    grants: Annotated[list[str], Form(max_length=3)] = [],  # noqa: B006 (FastAPI copies it)
    scopes: Lines = "",
    client_id: Text = "",
    user: Text = "",
) -> Response:
    values = {
        "name": name,
        "grants": grants,
        "scopes": scopes,
        "client_id": client_id,
        "user": user,
    }
    try:
        if not name.strip():
            raise ValidationFailed("oauth.name_missing", "A client needs a name.")
        made = create_client(
            session,
            live.actor,
            name=name.strip(),
            grants=grants,
            scopes=scopes.split(),
            client_id=client_id.strip() or None,
            login=user.strip() or None,
        )
    except DomainError as refused:
        return _form(request, live, "oauth_client.html", values, _on_form(refused))
    rows = [("Client id", made.client_id), ("Client secret", made.client_secret)]
    return _secret(request, live, f"OAuth client {name.strip()}", rows)


@router.post(f"{BASE}/oauth-clients/delete")
def oauth_client_deleted(
    request: Request, session: DbSession, live: CheckedAdmin, client_id: Text
) -> Response:
    delete_oauth_client(session, live.actor, client_id)
    return redirect(request, f"{BASE}?done=client-deleted")


@router.get(f"{BASE}/integria")
def integria_form(request: Request, session: DbSession, live: AdminSession) -> Response:
    access = integria_access(session, live.actor)
    values = {
        "allowed_ips": access.allowed_ips,
        "password_set": access.password_set,
        "password_mode": "keep",
    }
    return _form(request, live, "integria.html", values)


@router.post(f"{BASE}/integria")
def integria_changed(
    request: Request,
    session: DbSession,
    live: CheckedAdmin,
    allowed_ips: Lines = "",
    password_mode: Annotated[Literal["keep", "generate", "set"], Form()] = "keep",
    password: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    values = {"allowed_ips": allowed_ips, "password_mode": password_mode}
    chosen = {"keep": None, "generate": "", "set": password}[password_mode]
    try:
        if password_mode == "set" and not password:
            raise ValidationFailed("integria.password_missing", "Type the new password.")
        generated = change_integria_access(
            session, live.actor, allowed_ips=allowed_ips, password=chosen
        )
    except DomainError as refused:
        return _form(request, live, "integria.html", values, _on_form(refused))
    if generated is not None:
        return _secret(request, live, "Integria API password", [("Password", generated)])
    return redirect(request, f"{BASE}?done=integria-saved")


@router.get(f"{BASE}/webservices/import")
def webservice_form(request: Request, live: AdminSession) -> Response:
    return _form(request, live, "webservice.html", {"valid": True})


@router.post(f"{BASE}/webservices/import")
def webservice_imported(
    request: Request,
    session: DbSession,
    live: CheckedAdmin,
    name: Text = "",
    document: Annotated[str, Form(max_length=MAX_WEBSERVICE_YAML)] = "",
    file: UploadFile | None = None,
    valid: Annotated[str, Form(max_length=8)] = "",
) -> Response:
    text = document
    values = {"name": name, "document": document, "valid": bool(valid)}
    try:
        if file is not None and file.filename:
            text = _uploaded(file)
        import_webservice(session, live.actor, name=name.strip(), text=text, is_valid=bool(valid))
    except DomainError as refused:
        return _form(request, live, "webservice.html", values, _on_form(refused))
    return redirect(request, f"{BASE}?done=webservice-saved")


def _uploaded(file: UploadFile) -> str:
    data = file.file.read(MAX_WEBSERVICE_YAML + 1)  # a sync route: read the spooled file
    if len(data) > MAX_WEBSERVICE_YAML:
        raise ValidationFailed("webservice.invalid_config", "The file is over 1 MB.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationFailed("webservice.invalid_config", "The file is not UTF-8 text.") from None


@router.post(f"{BASE}/webservices/delete")
def webservice_deleted(
    request: Request, session: DbSession, live: CheckedAdmin, name: Text
) -> Response:
    if not delete_webservice(session, live.actor, name):
        raise not_found("webservice", name)
    return redirect(request, f"{BASE}?done=webservice-deleted")
