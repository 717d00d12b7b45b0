"""Custom field definitions and their options: ``cf.fields.all``, ``cf.fields.by.category``,
``cf.fields.types``, ``cf.field.options.list`` (POST/GET/DELETE) and ``cf.field.options.tree``
(POST/GET/DELETE/PUT), through ``customfields.options``.

Decisions where the seed is silent:
- Type ids are this dialect's numbering of the core's field types (``TYPE_IDS``), listed by
  ``cf.fields.types``; ``categories`` is the comma-separated ids of the categories the field
  applies to (every category when the field is not limited).
- ``cf.field.options.list`` GET answers ``{"key-value": {key: value, ...}}`` (the seed's one
  documented field, a PHP associative array: an object); ``type`` must be ``key-value``
  (another type is refused, ``custom_field.unknown_option_type``).
- Mutations answer ``{"status": "OK", "info": ...}`` (``total`` on the list ones).
- The tree GET answers the root options, each ``{key, hash, name, children}`` recursively.
"""

from __future__ import annotations

from typing import Any

from polydesk.customfields.options import (
    TreeNode,
    active_fields,
    add_tree_option,
    all_category_ids,
    category_ids,
    delete_list_options,
    delete_tree_option,
    fields_for_category,
    list_options,
    set_list_options,
    tree_options,
    update_tree_option,
)
from polydesk.dialects._kit.php_params import ParamError
from polydesk.dialects.invgate.context import Context
from polydesk.dialects.invgate.errors import bad_parameter, refused
from polydesk.dialects.invgate.params import Params, missing
from polydesk.dialects.invgate.render import ok
from polydesk.models.customfields import CustomField, FieldType

TYPE_IDS: dict[FieldType, int] = {
    FieldType.TEXT: 1,
    FieldType.TEXTAREA: 2,
    FieldType.NUMBER: 3,
    FieldType.DATE: 4,
    FieldType.DATETIME: 5,
    FieldType.CHECKBOX: 6,
    FieldType.LIST: 7,
    FieldType.MULTI_LIST: 8,
    FieldType.TREE: 9,
    FieldType.USER: 10,
    FieldType.CI: 11,
    FieldType.LINKED: 12,
}
TYPE_NAMES: dict[FieldType, str] = {
    FieldType.TEXT: "Text",
    FieldType.TEXTAREA: "Text area",
    FieldType.NUMBER: "Number",
    FieldType.DATE: "Date",
    FieldType.DATETIME: "Date and time",
    FieldType.CHECKBOX: "Checkbox",
    FieldType.LIST: "List",
    FieldType.MULTI_LIST: "Multiple selection list",
    FieldType.TREE: "Tree",
    FieldType.USER: "User",
    FieldType.CI: "Configuration item",
    FieldType.LINKED: "Linked list",
}
KEY_VALUE = "key-value"


def list_custom_fields(ctx: Context, _params: Params) -> list[dict[str, Any]]:
    fields = active_fields(ctx.session)
    every = ",".join(str(ident) for ident in all_category_ids(ctx.session))
    return [_field_row(custom_field, every) for custom_field in fields]


def _field_row(custom_field: CustomField, every: str) -> dict[str, Any]:
    limited = category_ids(custom_field)
    return {
        "uid": custom_field.id,
        "label": custom_field.label,
        "type": TYPE_IDS[custom_field.field_type],
        "categories": every if limited is None else ",".join(str(i) for i in limited),
        "is_required": custom_field.is_required,
        "description": str((custom_field.config or {}).get("description", "")),
    }


def list_custom_fields_by_category(ctx: Context, params: Params) -> list[int]:
    category_id = params.required_integer("category_id")
    return [custom_field.id for custom_field in fields_for_category(ctx.session, category_id)]


def list_custom_field_types(_ctx: Context, _params: Params) -> list[dict[str, Any]]:
    return [{"id": TYPE_IDS[kind], "name": TYPE_NAMES[kind]} for kind in TYPE_IDS]


# --- list options --------------------------------------------------------------------------


def _key_value_type(params: Params) -> None:
    kind = params.required_text("type").strip()
    if kind != KEY_VALUE:
        raise refused("custom_field.unknown_option_type", f"Unknown type {kind}: use {KEY_VALUE}")


def set_list_cf_options(ctx: Context, params: Params) -> dict[str, Any]:
    field_id = params.required_integer("uid")
    _key_value_type(params)
    pairs = _pairs(params)
    total = set_list_options(ctx.session, ctx.actor, field_id, pairs)
    return ok(f"{total} options added or modified", total=total)


def _pairs(params: Params) -> dict[str, str]:
    """``key_values[key]=value``; a plain array is PHP's list, keyed 0, 1, ..."""
    try:
        entry = params.php.entries.get("key_values")
        if entry is not None and entry.kind == "list":
            values = params.php.array("key_values") or []
            return {str(index): value for index, value in enumerate(values)}
        pairs = params.php.mapping("key_values")
    except ParamError as error:
        raise bad_parameter(error.message) from error
    if not pairs:
        raise missing("key_values")
    return pairs


def get_list_cf_options(ctx: Context, params: Params) -> dict[str, Any]:
    field_id = params.required_integer("uid")
    return {"key-value": dict(list_options(ctx.session, ctx.actor, field_id))}


def delete_list_cf_options(ctx: Context, params: Params) -> dict[str, Any]:
    field_id = params.required_integer("uid")
    _key_value_type(params)
    try:
        keys = params.php.array("keys")
    except ParamError as error:
        raise bad_parameter(error.message) from error
    if not keys:
        raise missing("keys")
    total = delete_list_options(ctx.session, ctx.actor, field_id, keys)
    return ok(f"{total} options deleted", total=total)


# --- tree options --------------------------------------------------------------------------


def add_tree_cf_option(ctx: Context, params: Params) -> dict[str, Any]:
    field_id = params.required_integer("uid")
    name = params.required_text("name")
    option = add_tree_option(ctx.session, ctx.actor, field_id, name=name,
                             key=params.text("key") or None,
                             parent_hash=params.text("parent_hash") or None)  # fmt: skip
    return ok(f"Option {option.value} saved")


def get_tree_cf_options(ctx: Context, params: Params) -> list[dict[str, Any]]:
    field_id = params.required_integer("uid")
    return [_node(node) for node in tree_options(ctx.session, ctx.actor, field_id)]


def _node(node: TreeNode) -> dict[str, Any]:
    return {
        "key": node.option.value,
        "hash": node.hash,
        "name": node.option.label or node.option.value,
        "children": [_node(child) for child in node.children],
    }


def delete_tree_cf_option(ctx: Context, params: Params) -> dict[str, Any]:
    field_id = params.required_integer("uid")
    total = delete_tree_option(ctx.session, ctx.actor, field_id, params.required_text("hash"))
    return ok(f"{total} options deleted")


def update_tree_cf_option(ctx: Context, params: Params) -> dict[str, Any]:
    field_id = params.required_integer("uid")
    key, name = params.text("key"), params.text("name")
    option = update_tree_option(ctx.session, ctx.actor, field_id, params.required_text("hash"),
                                name=name or None, key=key or None)  # fmt: skip
    return ok(f"Option {option.value} modified")
