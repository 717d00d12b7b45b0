"""The product presets page (``/admin/presets``): each product's fresh-install stock data
(queues, groups, its stock admin...), previewed as a plan (a dry run, nothing written) or
applied, as ``polydesk preset`` and ``POST /config/presets/{name}/apply`` do. A password the
preset generates for a stock user is on the answer of the apply, once."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form, Request, Response

from polydesk.configuration.service import apply_preset, list_presets
from polydesk.web.deps import DbSession
from polydesk.web.errors import WebRoute
from polydesk.web.render import page
from polydesk.web.routes.admin_forms import AdminSession, CheckedAdmin

router = APIRouter(route_class=WebRoute, include_in_schema=False)

BASE = "/admin/presets"


@router.get(BASE)
def presets(request: Request, live: AdminSession) -> Response:
    context = {"section": "admin", "presets": list_presets(live.actor)}
    return page(request, "admin/config/presets.html", context, live=live)


@router.post(f"{BASE}/apply")
def preset_applied(
    request: Request,
    session: DbSession,
    live: CheckedAdmin,
    name: Annotated[str, Form(min_length=1, max_length=64)],
    mode: Annotated[Literal["preview", "apply"], Form()] = "preview",
) -> Response:
    dry_run = mode == "preview"
    applied = apply_preset(session, live.actor, name, dry_run=dry_run)
    context = {"section": "admin", "name": name, "dry_run": dry_run, "applied": applied}
    return page(request, "admin/config/preset_plan.html", context, live=live)
