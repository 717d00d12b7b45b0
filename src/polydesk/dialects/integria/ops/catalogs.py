"""Catalog listings: statuses, resolutions, priorities, types, custom fields, inventories
(spec §3.25-3.27, §3.32, §7)."""

from __future__ import annotations

import base64

from polydesk.catalogs.service import list_catalog, product_codes
from polydesk.core.pagination import PageRequest
from polydesk.customfields.service import field_options, fields_for_type, ticket_values
from polydesk.dialects.integria import writers
from polydesk.dialects.integria.context import Context
from polydesk.dialects.integria.ops.registry import op
from polydesk.dialects.integria.replies import Reply
from polydesk.dialects.integria.request import Params
from polydesk.dialects.integria.rows import DIALECT, Row, encode
from polydesk.inventory.service import list_items
from polydesk.models.customfields import FieldType

LIST_LIMIT = 5000


def _id_name_reply(rows: list[Row], tag: str) -> Reply:
    return Reply(
        csv=lambda: writers.csv_rows(rows),
        xml=lambda: writers.xml_list(rows, tag),
        json=lambda: writers.php_json([{"id": r["id"], "name": r["name"]} for r in rows]),
    )


def _codes(ctx: Context, kind: str) -> list[Row]:
    return [
        {"id": code, "name": label}
        for code, label in product_codes(ctx.session, dialect=DIALECT, kind=kind)
    ]


@op("get_incidents_status")
def get_incidents_status(ctx: Context, params: Params) -> Reply:
    return _id_name_reply(_codes(ctx, "status"), "status")


@op("get_incidents_resolutions")
def get_incidents_resolutions(ctx: Context, params: Params) -> Reply:
    return _id_name_reply(_codes(ctx, "close_reason"), "resolution")


@op("get_incident_priorities")
def get_incident_priorities(ctx: Context, params: Params) -> Reply:
    return _id_name_reply(_codes(ctx, "priority"), "priority")


@op("get_types")
def get_types(ctx: Context, params: Params) -> Reply:
    # Ids as text, as PHP reads every MySQL value (and as the other id/name lists print them).
    # The types offered for new incidents: a disabled type is removed (its incidents keep it).
    types = list_catalog(ctx.session, "type", enabled_only=True)
    rows: list[Row] = [{"id": str(row.id), "name": encode(row.name)} for row in types]
    return _id_name_reply(rows, "type")


#: Core field types as the product's ``tincident_type_field.type``.
FIELD_TYPES = {
    FieldType.TEXT: "text", FieldType.TEXTAREA: "textarea", FieldType.LIST: "combo",
    FieldType.LINKED: "linked", FieldType.NUMBER: "numeric", FieldType.DATE: "date",
    FieldType.CHECKBOX: "checkbox",
}  # fmt: skip


@op("get_incident_fields")
def get_incident_fields(ctx: Context, params: Params) -> Reply:
    type_id = writers.php_int(params.get(0))
    ticket_id = writers.php_int(params.get(1))
    fields = fields_for_type(ctx.session, type_id) if type_id else []
    options = field_options(ctx.session, (field.id for field in fields))
    values = ticket_values(ctx.session, ctx.actor, ticket_id) if ticket_id else {}
    rows: list[Row] = []
    for field in fields:
        rows.append(
            {
                "label_enco": base64.b64encode(encode(field.label).encode()).decode(),
                "id": field.id,
                "id_incident_type": field.ticket_type_id,
                "label": field.label,
                "type": FIELD_TYPES.get(field.field_type, "text"),
                "combo_value": ",".join(option.value for option in options.get(field.id, [])),
                "show_in_list": int(field.show_in_list),
                "global_id": None,
                "parent": field.parent_field_id or 0,
                "linked_value": None,
                "order": field.position,
                "data": values.get(field.id, ""),
                "blocked": 0,
            }
        )

    def doubled(row: Row) -> list[writers.Value]:
        # PHP hands fputcsv a MYSQL_BOTH row: every column twice, label_enco first (§3.27).
        columns = [key for key in row if key not in ("label_enco", "data", "blocked")]
        pairs = [row[key] for key in columns for _ in (0, 1)]
        return [row["label_enco"], *pairs, row["data"], row["blocked"]]

    return Reply(
        csv=lambda: "".join(writers.csv_row(doubled(row)) for row in rows),
        xml=lambda: writers.xml_list(rows, "field"),
        json=lambda: writers.php_json(
            [{k: None if v is None else writers.php_string(v) for k, v in r.items()} for r in rows]
        ),
    )


@op("get_inventories")
def get_inventories(ctx: Context, params: Params) -> Reply:
    page = list_items(ctx.session, ctx.actor, PageRequest(limit=LIST_LIMIT))
    rows: list[Row] = [{"id": item.id, "name": encode(item.name)} for item in page.items]
    if not rows:  # the product prints the literal ``false``
        return Reply(csv=lambda: "false", xml=lambda: "<xml>\nfalse</xml>\n")
    return Reply(
        csv=lambda: writers.csv_rows(rows), xml=lambda: writers.xml_list(rows, "inventory")
    )
