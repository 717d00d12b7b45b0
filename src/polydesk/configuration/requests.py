"""Site-file kinds for the reference data requests use: approval templates (InvGate custom
approvals), saved views (InvGate views) and external entities.

Request tasks are not a kind: the core has no task templates. A ``TicketTask`` belongs to one
ticket (created on it by an agent or a workflow stage, InvGate ``incident.tasks``), so tasks are
ticket data, like comments, and no site file holds them.

Approval templates are named by their title and saved views by their name: neither is unique in
the core, so an install where two share one is refused for that entry (rename one first). Only
shared views are configuration; an agent's private views stay theirs.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator

from polydesk.approvals.templates import (
    TemplateCreate,
    TemplateUpdate,
    create_template,
    get_template_by_title,
    list_templates,
    update_template,
)
from polydesk.catalogs.categories import require_category_path
from polydesk.catalogs.service import category_paths
from polydesk.configuration.kinds import Entry, Kind, Outcome
from polydesk.configuration.view_criteria import Untranslatable, ViewCriteria, to_core, to_names
from polydesk.core.actor import Actor
from polydesk.core.errors import Conflict, not_found
from polydesk.db import Session
from polydesk.models.approvals import ApprovalTemplate, ExpiryAction
from polydesk.models.automation import SavedView
from polydesk.models.tickets import ExternalEntity
from polydesk.models.users import User
from polydesk.tickets.links import (
    create_external_entity,
    get_external_entity_by_name,
    list_external_entities,
    update_external_entity,
)
from polydesk.tickets.views import (
    create_view,
    delete_view,
    shared_views,
    stored_criteria,
    update_view,
)
from polydesk.users.service import get_user_by_login

# --- approval templates ------------------------------------------------------------------


class ApprovalTemplateEntry(Entry):
    title: str = Field(min_length=1, max_length=200, examples=["Manager sign-off"])
    description: str = Field(default="", max_length=100_000)
    description_prompt: str = Field(default="", max_length=500)
    description_required: bool = False
    pauses_sla: bool = True
    expires_in_seconds: int | None = Field(default=None, ge=60, le=365 * 24 * 3600)
    expiry_action: ExpiryAction | None = None
    voters: list[str] = Field(
        default_factory=list, max_length=100, description="the voters' logins"
    )
    required_votes: int = Field(default=1, ge=1)
    category: str | None = Field(
        default=None, description="the category path its tickets have (any when null)"
    )
    active: bool = True

    @field_validator("voters")
    @classmethod
    def _as_set(cls, values: list[str]) -> list[str]:
        return sorted(dict.fromkeys(values), key=str.casefold)


class ApprovalTemplates(Kind[ApprovalTemplateEntry]):
    section = "approval_templates"
    entry = ApprovalTemplateEntry
    key_field = "title"

    def export(self, session: Session) -> list[ApprovalTemplateEntry]:
        paths = _category_names(session)
        return [self._entry(session, t, paths) for t in list_templates(session)]

    def current(self, session: Session, key: str) -> ApprovalTemplateEntry | None:
        template = get_template_by_title(session, key)
        if template is None:
            return None
        return self._entry(session, template, _category_names(session))

    def create(self, session: Session, actor: Actor, entry: ApprovalTemplateEntry) -> Outcome:
        values = entry.model_dump(exclude={"voters", "category", "active"})
        cmd = TemplateCreate(
            **values,
            voter_ids=_user_ids(session, entry.voters),
            category_id=_category_id(session, entry.category),
        )
        template = create_template(session, actor, cmd)
        if not entry.active:
            update_template(session, actor, template.id, TemplateUpdate(is_active=False))
        return Outcome()

    def update(self, session: Session, actor: Actor, key: str, changes: dict[str, Any]) -> Outcome:
        template = get_template_by_title(session, key)
        if template is None:
            raise not_found("approval_template", key)
        fields = {
            name: value
            for name, value in changes.items()
            if name not in {"voters", "category", "active"}
        }
        if "voters" in changes:
            fields["voter_ids"] = _user_ids(session, changes["voters"])
        if "category" in changes:
            fields["category_id"] = _category_id(session, changes["category"])
        if "active" in changes:
            fields["is_active"] = changes["active"]
        update_template(session, actor, template.id, TemplateUpdate(**fields))
        return Outcome()

    def remove(self, session: Session, actor: Actor, key: str) -> str:
        """Deactivated (InvGate status -1): approvals requested from it refer to it."""
        self.update(session, actor, key, {"active": False})
        return "disabled"

    def _entry(
        self, session: Session, template: ApprovalTemplate, paths: dict[int, str]
    ) -> ApprovalTemplateEntry:
        voters = [user.login for uid in template.voter_ids if (user := session.get(User, uid))]
        return ApprovalTemplateEntry(
            title=template.title,
            description=template.description,
            description_prompt=template.description_prompt,
            description_required=template.description_required,
            pauses_sla=template.pauses_sla,
            expires_in_seconds=template.expires_in_seconds,
            expiry_action=template.expiry_action,
            voters=voters,
            required_votes=template.required_votes,
            category=paths.get(template.category_id) if template.category_id else None,
            active=template.is_active,
        )


def _category_names(session: Session) -> dict[int, str]:
    return {category_id: path for path, category_id in category_paths(session).items()}


def _category_id(session: Session, path: str | None) -> int | None:
    return None if path is None else require_category_path(session, path).id


def _user_ids(session: Session, logins: list[str]) -> list[int]:
    ids = []
    for login in logins:
        user = get_user_by_login(session, login)
        if user is None:
            raise not_found("user", login)
        ids.append(user.id)
    return ids


# --- saved views ---------------------------------------------------------------------------


class SavedViewEntry(Entry):
    name: str = Field(min_length=1, max_length=191, examples=["Open hardware requests"])
    criteria: ViewCriteria = Field(
        default_factory=ViewCriteria,
        description="the core's ticket criteria (docs/queries.md), referents by name",
    )
    columns: list[str] = Field(default_factory=list, max_length=50)


class SavedViews(Kind[SavedViewEntry]):
    """The shared views every agent sees (InvGate ``incidents.by.view``)."""

    section = "saved_views"
    entry = SavedViewEntry

    def export(self, session: Session) -> list[SavedViewEntry]:
        entries = []
        for view in shared_views(session):
            try:
                entries.append(self._entry(session, view))
            except Untranslatable:
                continue  # criteria on tickets or items: not configuration (view_criteria)
        return entries

    def current(self, session: Session, key: str) -> SavedViewEntry | None:
        view = _shared_view(session, key)
        if view is None:
            return None
        try:
            return self._entry(session, view)
        except Untranslatable as error:
            message = f"view {key!r} cannot be written in a site file: {error}"
            raise Conflict("view.untranslatable", message) from None

    def create(self, session: Session, actor: Actor, entry: SavedViewEntry) -> Outcome:
        criteria = to_core(session, entry.criteria)
        create_view(session, actor, name=entry.name, criteria=criteria, columns=entry.columns)
        return Outcome()

    def update(self, session: Session, actor: Actor, key: str, changes: dict[str, Any]) -> Outcome:
        view = _shared_view(session, key)
        if view is None:
            raise not_found("view", key)
        criteria = changes.get("criteria")
        update_view(
            session,
            actor,
            view.id,
            name=changes.get("name"),
            criteria=None if criteria is None else to_core(session, criteria),
            columns=changes.get("columns"),
        )
        return Outcome()

    def remove(self, session: Session, actor: Actor, key: str) -> str:
        """Deleted: nothing refers to a view."""
        view = _shared_view(session, key)
        if view is None:
            raise not_found("view", key)
        delete_view(session, actor, view.id)
        return "deleted"

    def _entry(self, session: Session, view: SavedView) -> SavedViewEntry:
        criteria = to_names(session, stored_criteria(view))
        return SavedViewEntry(name=view.name, criteria=criteria, columns=list(view.columns))


def _shared_view(session: Session, name: str) -> SavedView | None:
    found = shared_views(session, name)
    if len(found) > 1:
        raise Conflict("view.ambiguous", f"{len(found)} shared views are named {name!r}")
    return found[0] if found else None


# --- external entities -----------------------------------------------------------------------


class ExternalEntityEntry(Entry):
    name: str = Field(min_length=1, max_length=200, examples=["Courier Express"])
    enabled: bool = True


class ExternalEntities(Kind[ExternalEntityEntry]):
    """Suppliers, carriers, other service desks (InvGate ``incident.external_entity``)."""

    section = "external_entities"
    entry = ExternalEntityEntry

    def export(self, session: Session) -> list[ExternalEntityEntry]:
        return [self._entry(entity) for entity in list_external_entities(session)]

    def current(self, session: Session, key: str) -> ExternalEntityEntry | None:
        entity = get_external_entity_by_name(session, key)
        return None if entity is None else self._entry(entity)

    def create(self, session: Session, actor: Actor, entry: ExternalEntityEntry) -> Outcome:
        entity = create_external_entity(session, actor, entry.name)
        if not entry.enabled:
            update_external_entity(session, actor, entity.id, enabled=False)
        return Outcome()

    def update(self, session: Session, actor: Actor, key: str, changes: dict[str, Any]) -> Outcome:
        entity = get_external_entity_by_name(session, key)
        if entity is None:
            raise not_found("external_entity", key)
        update_external_entity(
            session, actor, entity.id, name=changes.get("name"), enabled=changes.get("enabled")
        )
        return Outcome()

    def _entry(self, entity: ExternalEntity) -> ExternalEntityEntry:
        return ExternalEntityEntry(name=entity.name, enabled=entity.is_enabled)
