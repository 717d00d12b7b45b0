"""Admin pages over the configuration sections (the same kinds, checks and writes as the
admin API's ``/config/{section}`` and ``polydesk config``): catalogs, custom fields, SLAs,
calendars and triggers.

Each area lists its sections' entries; an entry is created or changed through a form the
core builds from the entry's schema (``polydesk.configuration.forms``), so the page refuses
what a site file refuses, with the same messages, next to the field they are about. The
section and entry are query parameters (``?section=statuses&name=Open``): entry names may
hold anything a site file allows, a category's "/" included.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request, Response

from polydesk.configuration.document import InvalidConfiguration
from polydesk.configuration.pages import (
    EntryForm,
    blank_form,
    entry_form,
    section_page,
    store_entry_form,
)
from polydesk.configuration.service import remove_entry
from polydesk.core.errors import ValidationFailed
from polydesk.web.deps import DbSession
from polydesk.web.errors import WebRoute, redirect
from polydesk.web.render import page
from polydesk.web.routes.admin_forms import AdminSession, CheckedAdmin
from polydesk.websessions.service import LiveSession

router = APIRouter(route_class=WebRoute, include_in_schema=False)

MAX_FORM_FIELDS = 100


@dataclass(frozen=True)
class Area:
    path: str
    title: str
    sections: tuple[str, ...]  # the configuration sections it covers, the first by default
    what: str  # one line under the title
    #: Sections with an entry per existing record (an SLA's escalation): edited, not created.
    edit_only: tuple[str, ...] = ()


AREAS = (
    Area(
        "catalogs",
        "Catalogs",
        (
            "statuses",
            "priorities",
            "impacts",
            "urgencies",
            "ticket_types",
            "sources",
            "close_reasons",
            "categories",
        ),
        "The lists tickets choose from. Seeded rows can be renamed or disabled, not deleted.",
    ),
    Area(
        "custom-fields",
        "Custom fields",
        ("custom_fields",),
        "Extra ticket fields: their type, label, the ticket type they apply to and options.",
    ),
    Area(
        "slas",
        "SLAs",
        ("slas", "sla_rules", "sla_escalations"),
        "Service level policies with their targets, the rules that pick one for a ticket, "
        "and who a breach goes to.",
        edit_only=("sla_escalations",),
    ),
    Area(
        "calendars",
        "Calendars",
        ("calendars",),
        "Business hours per weekday and holidays, in a time zone; SLAs count time in them.",
    ),
    Area(
        "triggers",
        "Triggers",
        ("triggers",),
        "Automation: on an event, when every condition holds, the actions run in order.",
    ),
)


EntryName = Annotated[str, Query(alias="name", min_length=1, max_length=500)]


async def _form_fields(request: Request) -> dict[str, str]:
    """The submitted form as text fields (files and the CSRF token left out)."""
    form = await request.form(max_fields=MAX_FORM_FIELDS, max_files=0)
    return {key: value for key, value in form.items() if isinstance(value, str)}


FormFields = Annotated[dict[str, str], Depends(_form_fields)]


def _section(area: Area, wanted: str | None) -> str:
    if wanted is None or wanted == "":
        return area.sections[0]
    if wanted not in area.sections:
        known = ", ".join(area.sections)
        raise ValidationFailed("section.unknown", f"No section {wanted!r} here ({known}).")
    return wanted


def _creatable(area: Area, section: str, editing: bool) -> None:
    if not editing and section in area.edit_only:
        raise ValidationFailed(
            "section.edit_only", "These entries exist with their records; edit one."
        )


def section_url(area: Area, section: str, **params: str) -> str:
    query = urlencode({"section": section, **params})
    return f"/admin/{area.path}?{query}"


def _entry_url(area: Area, route: str, section: str, name: str | None = None) -> str:
    params = {"section": section} | ({"name": name} if name is not None else {})
    return f"/admin/{area.path}/{route}?{urlencode(params)}"


#: How one entry of a section is called ("New status", "Priority: High").
ONE = {
    "statuses": "status", "priorities": "priority", "impacts": "impact", "urgencies": "urgency",
    "ticket_types": "ticket type", "sources": "source", "close_reasons": "close reason",
    "categories": "category", "custom_fields": "custom field", "slas": "SLA",
    "sla_rules": "SLA rule", "sla_escalations": "SLA escalation", "calendars": "calendar",
    "triggers": "trigger",
}  # fmt: skip


SHOUTED = {"slas": "SLAs", "sla_rules": "SLA rules", "sla_escalations": "SLA escalations"}


def _label(section: str) -> str:
    return SHOUTED.get(section) or section.replace("_", " ").capitalize()


def _context(area: Area, section: str, **values: Any) -> dict[str, Any]:
    labels = {name: _label(name) for name in area.sections}
    return {
        "area": area,
        "current": section,
        "label": _label(section),
        "LABELS": labels,
        "one": ONE.get(section, section),
        "section": "admin",
        **values,
    }


def _area(request: Request) -> Area:
    """The area a route serves, by the path it was registered at (/admin/<area>/...)."""
    wanted = request.url.path.split("/")[2]
    return next(area for area in AREAS if area.path == wanted)


CurrentArea = Annotated[Area, Depends(_area)]
Section = Annotated[str | None, Query(max_length=64)]
MaybeName = Annotated[str | None, Query(max_length=500)]


def entries_page(
    request: Request,
    session: DbSession,
    live: AdminSession,
    area: CurrentArea,
    section: Section = None,
    saved: MaybeName = None,
    removed: MaybeName = None,
    result: Annotated[str | None, Query(pattern="^(deleted|disabled|cleared)$")] = None,
) -> Response:
    chosen = _section(area, section)
    found = section_page(session, live.actor, chosen)
    context = _context(
        area,
        chosen,
        found=found,
        notice=_notice(saved, removed, result),
        creatable=chosen not in area.edit_only,
        url=lambda route, name=None: _entry_url(area, route, chosen, name),
    )
    return page(request, "admin/config/section.html", context, live=live)


def _notice(saved: str | None, removed: str | None, result: str | None) -> str:
    if saved:
        return f"Saved “{saved}”."
    if removed:
        return f"“{removed}” was {result or 'deleted'}" + (
            " (switched off: kept, so what refers to it stays readable)."
            if result == "disabled"
            else "."
        )
    return ""


def new_entry_page(
    request: Request, live: AdminSession, area: CurrentArea, section: Section = None
) -> Response:
    chosen = _section(area, section)
    _creatable(area, chosen, False)
    form = blank_form(live.actor, chosen, None)
    return _render_form(request, live, area, form, None, {})


def entry_page(
    request: Request,
    session: DbSession,
    live: AdminSession,
    area: CurrentArea,
    name: EntryName,
    section: Section = None,
) -> Response:
    chosen = _section(area, section)
    form = entry_form(session, live.actor, chosen, name)
    return _render_form(request, live, area, form, name, {})


def entry_created(
    request: Request,
    session: DbSession,
    live: CheckedAdmin,
    area: CurrentArea,
    form: FormFields,
    section: Section = None,
) -> Response:
    chosen = _section(area, section)
    _creatable(area, chosen, False)
    return _stored(request, session, live, area, chosen, None, form)


def entry_saved(
    request: Request,
    session: DbSession,
    live: CheckedAdmin,
    area: CurrentArea,
    form: FormFields,
    name: EntryName,
    section: Section = None,
) -> Response:
    return _stored(request, session, live, area, _section(area, section), name, form)


def _stored(
    request: Request,
    session: DbSession,
    live: LiveSession,
    area: Area,
    section: str,
    key: str | None,
    form: dict[str, str],
) -> Response:
    try:
        saved = store_entry_form(session, live.actor, section, key, form)
    except InvalidConfiguration as refused:
        shown = blank_form(live.actor, section, form)
        return _render_form(request, live, area, shown, key, _by_field(refused), 422)
    return redirect(request, section_url(area, section, saved=saved))


def entry_removed(
    request: Request,
    session: DbSession,
    live: CheckedAdmin,
    area: CurrentArea,
    name: EntryName,
    section: Section = None,
) -> Response:
    chosen = _section(area, section)
    outcome = remove_entry(session, live.actor, chosen, name)
    return redirect(request, section_url(area, chosen, removed=name, result=outcome))


def _render_form(
    request: Request,
    live: LiveSession,
    area: Area,
    form: EntryForm,
    name: str | None,
    errors: dict[str, list[str]],
    status: int = 200,
) -> Response:
    action = _entry_url(area, "edit" if name else "new", form.section, name)
    context = _context(
        area,
        form.section,
        form=form,
        name=name,
        errors=errors,
        action=action,
        back=section_url(area, form.section),
    )
    return page(request, "admin/config/entry.html", context, live=live, status=status)


def _by_field(refused: InvalidConfiguration) -> dict[str, list[str]]:
    """The core's problems by the field they name ("type: ..."); the rest under ""."""
    found: dict[str, list[str]] = {}
    for problem in refused.problems:
        head, _, rest = problem.message.partition(": ")
        field = head.split(".")[0] if rest and " " not in head else ""
        found.setdefault(field, []).append(rest if field else problem.message)
    return found


def _register(area: Area) -> None:
    base = f"/admin/{area.path}"
    routes = (
        ("", entries_page, "GET"),
        ("/new", new_entry_page, "GET"),
        ("/new", entry_created, "POST"),
        ("/edit", entry_page, "GET"),
        ("/edit", entry_saved, "POST"),
        ("/delete", entry_removed, "POST"),
    )
    for tail, endpoint, method in routes:
        name = f"{area.path}-{endpoint.__name__}"
        router.add_api_route(base + tail, endpoint, methods=[method], name=name)


for _area_ in AREAS:
    _register(_area_)
