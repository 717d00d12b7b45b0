"""Core rows as the product's table rows, in its physical column order (spec §4)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from polydesk.catalogs.service import render_map
from polydesk.db import Session
from polydesk.dialects.integria.encoding import safe_input
from polydesk.dialects.integria.writers import Value, mysql_date, mysql_datetime
from polydesk.models.attachments import Attachment
from polydesk.models.comments import Comment
from polydesk.models.inventory import InventoryItem
from polydesk.models.tickets import Ticket
from polydesk.models.users import User
from polydesk.users.service import users_by_ids

DIALECT = "integria"
Row = dict[str, Value]


def encode(text: str | None, *, comma: bool = False) -> str:
    """Stored (decoded) text as the product would hold it; ``comma`` writes ``,`` as ``:::``."""
    encoded = safe_input(text or "")
    return encoded.replace(",", ":::") if comma else encoded


@dataclass
class Lookups:
    """Code maps and user logins loaded once per call (no per-row queries)."""

    session: Session
    zone: ZoneInfo
    statuses: dict[int, str] = field(default_factory=dict)
    priorities: dict[int, str] = field(default_factory=dict)
    resolutions: dict[int, str] = field(default_factory=dict)
    users: dict[int, User] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session, zone: ZoneInfo) -> Lookups:
        return cls(
            session=session,
            zone=zone,
            statuses=render_map(session, dialect=DIALECT, kind="status"),
            priorities=render_map(session, dialect=DIALECT, kind="priority"),
            resolutions=render_map(session, dialect=DIALECT, kind="close_reason"),
        )

    def shown_as(self, kind: str, codes: Iterable[str]) -> list[int]:
        """Every core row of ``kind`` shown as one of ``codes`` (several core statuses render
        as Closed), so a filter on a product code matches all of them."""
        wanted = set(codes)
        table = {"status": self.statuses, "priority": self.priorities}[kind]
        return [core_id for core_id, code in table.items() if code in wanted]

    def add_users(self, ids: Iterable[int | None]) -> None:
        wanted = {i for i in ids if i is not None and i not in self.users}
        if wanted:
            self.users.update(users_by_ids(self.session, wanted))

    def login(self, user_id: int | None) -> str:
        user = self.users.get(user_id) if user_id is not None else None
        return encode(user.login) if user else ""

    def when(self, value: Any) -> str:
        return mysql_datetime(value, self.zone)


def incident_row(ticket: Ticket, look: Lookups, *, comma: bool) -> Row:
    """``tincidencia``, 35 columns (spec §4.1)."""
    extra = ticket.extra or {}

    def x(name: str, default: Value = 0) -> Value:
        value = extra.get(f"integria.{name}", default)
        return encode(value) if isinstance(value, str) else value

    return {
        "id_incidencia": ticket.id,
        "inicio": look.when(ticket.created_at),
        "cierre": look.when(ticket.closed_at),
        "titulo": encode(ticket.title, comma=comma),
        "descripcion": encode(ticket.description, comma=comma),
        "id_usuario": look.login(ticket.owner_id),
        "estado": look.statuses.get(ticket.status_id, "0"),
        "prioridad": look.priorities.get(ticket.priority_id, "0"),
        "id_grupo": ticket.helpdesk_id or 0,
        "actualizacion": look.when(ticket.updated_at),
        "id_creator": look.login(ticket.creator_id),
        "id_task": x("id_task"),
        "resolution": look.resolutions.get(ticket.close_reason_id or 0, "0"),
        "epilog": encode(ticket.resolution_note),
        "id_parent": ticket.parent_id,
        "sla_disabled": int(ticket.sla_disabled),
        "affected_sla_id": x("affected_sla_id"),
        "id_incident_type": ticket.type_id or 0,
        "score": ticket.rating or 0,
        "email_copy": encode(",".join(cc.email for cc in ticket.cc)),
        "editor": look.login(ticket.last_editor_id),
        "id_group_creator": x("id_group_creator"),
        "last_stat_check": look.when(None),
        "closed_by": look.login(ticket.closed_by_id),
        "extra_data": x("extra_data", ""),
        "extra_data2": x("extra_data2", ""),
        "blocked": int(ticket.is_locked),
        "old_status": x("old_status"),
        "old_resolution": x("old_resolution"),
        "old_status2": x("old_status2"),
        "old_resolution2": x("old_resolution2"),
        "extra_data3": x("extra_data3", ""),
        "extra_data4": x("extra_data4", ""),
        "black_medals": x("black_medals"),
        "gold_medals": x("gold_medals"),
    }


def hours(seconds: int) -> float:
    return round(seconds / 3600, 2)


def workunit_row(
    comment: Comment, seconds: int, entry_flags: dict[str, int], look: Lookups, *, comma: bool
) -> Row:
    """``tworkunit``, 10 columns (spec §4.2). A comment is a workunit; its time entries give
    the duration and the cost/remote flags."""
    body = comment.body if comment.mime_type == "text/html" else encode(comment.body)
    return {
        "id": comment.id,
        "timestamp": look.when(comment.created_at),
        "duration": f"{hours(seconds):.2f}",
        "id_user": look.login(comment.author_id),
        "description": body.replace(",", ":::") if comma else body,
        "have_cost": int(entry_flags.get("billable", False)),
        "id_profile": int(entry_flags.get("profile", 0)),
        "locked": "",
        "public": int(comment.is_public),
        "work_home": int(entry_flags.get("remote", False)),
    }


def attachment_row(attachment: Attachment, look: Lookups) -> Row:
    """``tattachment``, 17 columns in the 5.0 layout (spec §4.3)."""
    return {
        "id_attachment": attachment.id,
        "id_incidencia": attachment.ticket_id or 0,
        "id_task": 0,
        "id_kb": attachment.kb_article_id or 0,
        "id_lead": attachment.lead_id or 0,
        "id_company": attachment.company_id or 0,
        "id_todo": 0,
        "id_usuario": look.login(attachment.uploaded_by_id),
        "id_contact": 0,
        "filename": encode(attachment.filename),
        "description": encode(attachment.description),
        "size": attachment.declared_size
        if attachment.declared_size is not None
        else attachment.size,
        "timestamp": look.when(attachment.created_at),
        "id_invoice": attachment.invoice_id or 0,
        "id_contract": 0,
        "public_key": None,
        "file_sharing": 0,
    }


#: Inventory object types of a fresh install (``tobject_type``); item_type holds the name.
OBJECT_TYPES = {
    "Computer": 1, "Pandora agents": 2, "CDROM": 3, "NIC": 4, "Software": 5, "RAM": 6,
    "Service": 7, "CPU": 8, "HD": 9, "Video": 10, "Patches": 11, "Monitors": 12,
    "Motherboard": 13, "Printers": 14, "product_ID": 15, "product_key": 16, "Users": 17,
}  # fmt: skip


def inventory_row(item: InventoryItem, look: Lookups) -> Row:
    """``tinventory``, 14 columns (spec §3.33)."""
    attrs = item.attributes or {}
    return {
        "id": item.id,
        "id_object_type": OBJECT_TYPES.get(item.item_type, 0),
        "owner": look.login(item.owner_id),
        "name": encode(item.name),
        "public": int(item.is_public),
        "description": encode(item.description),
        "id_contract": attrs.get("integria.id_contract", 0),
        "id_manufacturer": attrs.get("integria.id_manufacturer", 0),
        "id_parent": item.parent_id or 0,
        "show_list": attrs.get("integria.show_list", 1),
        "last_update": mysql_date(item.updated_at.date() if item.updated_at else None),
        "status": item.status,
        "receipt_date": mysql_date(item.received_on),
        "issue_date": mysql_date(item.issued_on),
    }
