"""Custom field definitions by category, and the options of list and tree fields managed one
key at a time (InvGate ``cf.fields.*``, ``cf.field.options.list`` / ``.tree``).

Decisions:
- A field applies to the categories listed in its ``config["category_ids"]``; a field without
  that list applies to every category. Reading definitions is open to anyone signed in (a
  requester fills these fields); changing options is for admins.
- A list option is a (key, value) pair: the option's ``value`` is the key (what tickets store),
  its ``label`` the text shown. Setting an existing key changes its text; deleting a key a
  ticket's value refers to is refused (``custom_field.option_in_use``), as the admin screen does.
- A tree option has a ``hash``: a digest of the field and the option's row id, so it never
  changes when the option's key, name or place change, survives restarts, and is the same on
  every process. Its key is the user's, or the hash when none is given. Keys are unique within
  a field: adding an existing key changes that option (name, and parent when one is given).
  Values on requests point at the option's id, so a new key or name shows on every request.
- Deleting a tree option deletes its whole subtree (refused when a ticket uses any of it);
  removing an option another field's option hangs under (linked lists) is refused too.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin
from polydesk.core.actor import Actor
from polydesk.core.errors import Conflict, ValidationFailed, not_found
from polydesk.customfields.service import TICKET
from polydesk.models.catalogs import Category
from polydesk.models.customfields import CustomField, CustomFieldOption, CustomFieldValue, FieldType

LIST_TYPES = frozenset({FieldType.LIST, FieldType.MULTI_LIST, FieldType.LINKED})
MAX_OPTIONS = 1000
MAX_TEXT = 255


@dataclass
class TreeNode:
    option: CustomFieldOption
    hash: str
    children: list[TreeNode] = field(default_factory=list)


def option_hash(field_id: int, option_id: int) -> str:
    return hashlib.sha256(f"polydesk-cf-option:{field_id}:{option_id}".encode()).hexdigest()[:32]


# --- definitions ---------------------------------------------------------------------------


def active_fields(session: Session) -> list[CustomField]:
    """Every enabled ticket field, by position then id."""
    query = select(CustomField).where(CustomField.entity == TICKET, CustomField.is_enabled)
    return list(session.scalars(query.order_by(CustomField.position, CustomField.id)))


def category_ids(custom_field: CustomField) -> list[int] | None:
    """The categories the field is limited to; None: every category."""
    listed = (custom_field.config or {}).get("category_ids")
    if not isinstance(listed, list) or not listed:
        return None
    return [int(ident) for ident in listed if isinstance(ident, int) or str(ident).isdigit()]


def all_category_ids(session: Session) -> list[int]:
    return list(session.scalars(select(Category.id).order_by(Category.id)))


def fields_for_category(session: Session, category_id: int) -> list[CustomField]:
    """The enabled fields that apply to a category (``category.not_found`` when unknown)."""
    if session.get(Category, category_id) is None:
        raise not_found("category", category_id)
    return [
        custom_field
        for custom_field in active_fields(session)
        if (limited := category_ids(custom_field)) is None or category_id in limited
    ]


# --- list options --------------------------------------------------------------------------


def _field(session: Session, field_id: int, kinds: Iterable[FieldType]) -> CustomField:
    custom_field = session.get(CustomField, field_id)
    if custom_field is None or custom_field.entity != TICKET:
        raise not_found("custom_field", field_id)
    wanted = frozenset(kinds)
    if custom_field.field_type not in wanted:
        names = " or ".join(sorted(kind.value for kind in wanted))
        raise ValidationFailed(
            "custom_field.wrong_type", f"custom field {field_id} is not a {names} field"
        )
    return custom_field


def _options(session: Session, field_id: int) -> list[CustomFieldOption]:
    query = select(CustomFieldOption).where(CustomFieldOption.field_id == field_id)
    return list(session.scalars(query.order_by(CustomFieldOption.position, CustomFieldOption.id)))


def _text(name: str, value: str) -> str:
    if not value.strip():
        raise ValidationFailed("custom_field.empty_option", f"the option's {name} is empty")
    if len(value) > MAX_TEXT:
        raise ValidationFailed(
            "custom_field.option_too_long", f"the option's {name} is over {MAX_TEXT} characters"
        )
    return value


def list_options(session: Session, _actor: Actor, field_id: int) -> list[tuple[str, str]]:
    """(key, text) of a list field's options, in display order."""
    _field(session, field_id, LIST_TYPES)
    return [(option.value, option.label or option.value) for option in _options(session, field_id)]


def set_list_options(
    session: Session, actor: Actor, field_id: int, pairs: Mapping[str, str]
) -> int:
    """Add the keys that are new, change the text of those that exist; the number of options
    added or changed."""
    require_admin(actor)
    custom_field = _field(session, field_id, LIST_TYPES)
    for key, text in pairs.items():  # all checked before anything is written
        _text("key", key)
        _text("value", text)
        if custom_field.field_type is FieldType.MULTI_LIST and "," in key:
            raise ValidationFailed(
                "custom_field.invalid_option", f"key {key!r} contains ',' (the value separator)"
            )
    existing = {option.value: option for option in _options(session, field_id)}
    if len(set(existing) | set(pairs)) > MAX_OPTIONS:
        raise ValidationFailed("custom_field.too_many_options", f"at most {MAX_OPTIONS} options")
    position = max((option.position for option in existing.values()), default=-1) + 1
    changed = 0
    for key, text in pairs.items():
        option = existing.get(key)
        if option is None:
            session.add(CustomFieldOption(field_id=field_id, value=key, label=text,
                                          position=position))  # fmt: skip
            position += 1
        elif option.label == text:
            continue
        else:
            option.label = text
        changed += 1
    session.flush()
    return changed


def delete_list_options(session: Session, actor: Actor, field_id: int, keys: Iterable[str]) -> int:
    """Remove the options with these keys (unknown keys are skipped); the number removed."""
    require_admin(actor)
    _field(session, field_id, LIST_TYPES)
    wanted = set(keys)
    doomed = [option for option in _options(session, field_id) if option.value in wanted]
    _check_unused(session, field_id, doomed)
    for option in doomed:
        session.delete(option)
    session.flush()
    return len(doomed)


def _check_unused(session: Session, field_id: int, options: list[CustomFieldOption]) -> None:
    """Refuse to remove options a request's value refers to (by option id, one or in a list),
    or that an option left behind hangs under (a linked field's or a tree's child)."""
    ids = {option.id for option in options}
    if not ids:
        return
    single = select(func.count()).where(CustomFieldValue.value_option_id.in_(sorted(ids)))
    lists = select(CustomFieldValue.value_json).where(
        CustomFieldValue.field_id == field_id, CustomFieldValue.value_json.is_not(None)
    )
    in_lists = any(
        isinstance(value, list) and ids.intersection(i for i in value if isinstance(i, int))
        for value in session.scalars(lists)
    )
    children = select(func.count()).where(
        CustomFieldOption.parent_id.in_(sorted(ids)), CustomFieldOption.id.not_in(sorted(ids))
    )
    if session.scalar(single) or in_lists or session.scalar(children):
        raise Conflict("custom_field.option_in_use", "a request's value or another option uses it")


# --- tree options --------------------------------------------------------------------------


def tree_options(session: Session, _actor: Actor, field_id: int) -> list[TreeNode]:
    """The tree field's options as a forest, each level in display order."""
    _field(session, field_id, {FieldType.TREE})
    nodes = {o.id: TreeNode(o, option_hash(field_id, o.id)) for o in _options(session, field_id)}
    roots: list[TreeNode] = []
    for node in nodes.values():
        parent = nodes.get(node.option.parent_id or 0)
        (parent.children if parent is not None else roots).append(node)
    return roots


def _by_hash(session: Session, field_id: int, hash_: str) -> CustomFieldOption:
    for option in _options(session, field_id):
        if option_hash(field_id, option.id) == hash_.strip().lower():
            return option
    raise not_found("custom_field_option", hash_)


def _key_taken(session: Session, field_id: int, key: str) -> CustomFieldOption | None:
    query = select(CustomFieldOption).where(
        CustomFieldOption.field_id == field_id, CustomFieldOption.value == key
    )
    return session.scalars(query).first()


def add_tree_option(
    session: Session,
    actor: Actor,
    field_id: int,
    *,
    name: str,
    key: str | None = None,
    parent_hash: str | None = None,
) -> CustomFieldOption:
    """Add an option under ``parent_hash`` (the root without one); an existing ``key`` is
    changed instead (its name, and its parent when one is given)."""
    require_admin(actor)
    _field(session, field_id, {FieldType.TREE})
    _text("name", name)
    parent = _by_hash(session, field_id, parent_hash) if parent_hash else None
    option = _key_taken(session, field_id, _text("key", key)) if key else None
    if option is not None:
        option.label = name
        if parent is not None:
            _move(session, field_id, option, parent)
        session.flush()
        return option
    if len(_options(session, field_id)) >= MAX_OPTIONS:
        raise ValidationFailed("custom_field.too_many_options", f"at most {MAX_OPTIONS} options")
    option = CustomFieldOption(field_id=field_id, parent_id=parent.id if parent else None,
                               value=key or "", label=name, position=0)  # fmt: skip
    session.add(option)
    session.flush()
    option.position = option.id
    if not key:
        option.value = option_hash(field_id, option.id)
    session.flush()
    return option


def _move(
    session: Session, field_id: int, option: CustomFieldOption, parent: CustomFieldOption
) -> None:
    """Put ``option`` under ``parent``, refusing a cycle."""
    by_id = {o.id: o for o in _options(session, field_id)}
    step: CustomFieldOption | None = parent
    while step is not None:
        if step.id == option.id:
            raise ValidationFailed("custom_field.option_cycle", "an option cannot be its own child")
        step = by_id.get(step.parent_id or 0)
    option.parent_id = parent.id


def update_tree_option(
    session: Session,
    actor: Actor,
    field_id: int,
    hash_: str,
    *,
    name: str | None = None,
    key: str | None = None,
) -> CustomFieldOption:
    """Change an option's name and/or key (a key another option has is refused)."""
    require_admin(actor)
    _field(session, field_id, {FieldType.TREE})
    option = _by_hash(session, field_id, hash_)
    if key is not None and key != option.value:
        other = _key_taken(session, field_id, _text("key", key))
        if other is not None:
            raise Conflict("custom_field.option_key_taken", f"key {key!r} is already in use")
        option.value = key  # values point at the option's id: every request follows
    if name is not None:
        option.label = _text("name", name)
    session.flush()
    return option


def delete_tree_option(session: Session, actor: Actor, field_id: int, hash_: str) -> int:
    """Delete the option and its subtree; the number of options deleted."""
    require_admin(actor)
    _field(session, field_id, {FieldType.TREE})
    option = _by_hash(session, field_id, hash_)
    every = _options(session, field_id)
    doomed = [option]
    for candidate in doomed:  # grows while walking: breadth first
        doomed.extend(o for o in every if o.parent_id == candidate.id)
    _check_unused(session, field_id, doomed)
    for gone in reversed(doomed):  # children first (parent_id has no cascade)
        session.delete(gone)
        session.flush()
    return len(doomed)
