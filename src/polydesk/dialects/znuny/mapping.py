"""Znuny's names and ids for the core's rows (docs/concepts.md §3): states, priorities and
types through the ``znuny`` dialect codes; queues are help desks, services are categories
(``Parent::Child``), SLAs are the core's SLAs, locks are the ticket's lock flag."""

from __future__ import annotations

from dataclasses import dataclass

from polydesk.catalogs.defaults import CATEGORY_PATH_SEPARATOR
from polydesk.catalogs.service import (
    category_paths,
    codes_for,
    product_codes,
    render_map,
    uncoded_items,
)
from polydesk.db import Session
from polydesk.dialects._kit.hostile import bounded_int, row_id
from polydesk.helpdesks.service import get_helpdesk, get_helpdesk_by_name, get_sla, get_sla_by_name
from polydesk.models.catalogs import StatusCategory
from polydesk.models.helpdesks import Helpdesk, Sla

DIALECT = "znuny"
SERVICE_SEPARATOR = "::"

#: Fresh-install state ids -> state type (initial_insert.xml, spec §7).
STATE_TYPES = {
    "1": "new",
    "2": "closed",
    "3": "closed",
    "4": "open",
    "5": "removed",
    "6": "pending reminder",
    "7": "pending auto",
    "8": "pending auto",
    "9": "merged",
}
#: The type of a state added later, by its core category.
CATEGORY_STATE_TYPES = {
    StatusCategory.NEW: "new",
    StatusCategory.OPEN: "open",
    StatusCategory.WAITING: "pending reminder",
    StatusCategory.RESOLVED: "pending auto",
    StatusCategory.CLOSED: "closed",
    StatusCategory.CANCELLED: "closed",
}
STATE_TYPE_IDS = {
    "new": 1,
    "open": 2,
    "closed": 3,
    "pending reminder": 4,
    "pending auto": 5,
    "removed": 6,
    "merged": 7,
}
LOCKS = {"1": "unlock", "2": "lock", "3": "tmp_lock"}
LOCK_IDS = {name: ident for ident, name in LOCKS.items()}


@dataclass(frozen=True)
class CodeTable:
    """One catalog kind's product codes: what is accepted, and what each core row shows as."""

    by_code: dict[str, int]
    by_label: dict[str, int]
    labels: dict[str, str]
    render: dict[int, str]

    def resolve(self, ident: str, name: str) -> int | None:
        """The ``...ID`` wins when both are given (Znuny's rule); names are case-insensitive."""
        if ident:
            return self.by_code.get(ident)
        return self.by_label.get(name.casefold()) if name else None

    def code(self, core_id: int | None) -> str:
        return self.render.get(core_id, "") if core_id is not None else ""

    def label(self, core_id: int | None) -> str:
        return self.labels.get(self.code(core_id), "")


def code_table(session: Session, kind: str) -> CodeTable:
    """The ``znuny`` codes of a kind. A core row no code renders (a state, priority or type an
    admin or a site file added) is what Znuny makes of a new one: its name, and its row id as
    its ``...ID`` (unless a code already takes that id)."""
    pairs = product_codes(session, dialect=DIALECT, kind=kind)
    accepted = codes_for(session, dialect=DIALECT, kind=kind)
    render = render_map(session, dialect=DIALECT, kind=kind)
    for row in uncoded_items(session, dialect=DIALECT, kind=kind):
        code = str(row.id)
        if code not in accepted:
            pairs.append((code, row.name))
            accepted[code], render[row.id] = row.id, code
    by_label: dict[str, int] = {}
    for code, label in pairs:
        by_label.setdefault(label.casefold(), accepted[code])
    return CodeTable(by_code=accepted, by_label=by_label, labels=dict(pairs), render=render)


def state_type(code: str, category: StatusCategory) -> str:
    return STATE_TYPES.get(code) or CATEGORY_STATE_TYPES[category]


def find_queue(session: Session, ident: str, name: str) -> Helpdesk | None:
    if ident:
        return get_helpdesk(session, row_id(ident))
    return get_helpdesk_by_name(session, name) if name else None


def find_sla(session: Session, ident: str, name: str) -> Sla | None:
    if ident:
        return get_sla(session, row_id(ident))
    return get_sla_by_name(session, name) if name else None


def service_paths(session: Session) -> dict[str, int]:
    """Znuny service name (``Parent::Child``) -> category id."""
    return {
        path.replace(CATEGORY_PATH_SEPARATOR, SERVICE_SEPARATOR): category_id
        for path, category_id in category_paths(session).items()
    }


def find_service(session: Session, ident: str, name: str) -> int | None:
    paths = service_paths(session)
    if ident:
        number = bounded_int(ident)
        return number if number in paths.values() else None
    wanted = name.casefold()
    return next((cid for path, cid in paths.items() if path.casefold() == wanted), None)
