"""``customFieldValueDetails`` and ``GET /api/ususer/form/{module}``: the core's ticket custom
fields as Motadata's typed values (seed: STRING 1, INTEGER 2, DOUBLE 3, BOOLEAN 4, LONG 5,
INTEGER LIST 7, STRING LIST 8, BIG STRING 10).

Each core field type has one Motadata type and value key (``TYPE_OF``); dates travel as epoch
milliseconds (``longValue``), users and configuration items as their ids. On input the value may
sit under any ``*Value`` key (only ``stringValue`` is documented), and ``null`` clears it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from polydesk.customfields.service import field_options, fields_by_ids, fields_for_type
from polydesk.db import Session
from polydesk.dialects.motadata.errors import MotadataError, invalid_input
from polydesk.dialects.motadata.wire import CustomValue
from polydesk.models.customfields import CustomField, FieldType

STRING, INTEGER, DOUBLE, BOOLEAN, LONG, INTEGER_LIST, STRING_LIST, BIG_STRING = (
    1,
    2,
    3,
    4,
    5,
    7,
    8,
    10,
)
VALUE_KEYS = {
    STRING: "stringValue",
    INTEGER: "integerValue",
    DOUBLE: "doubleValue",
    BOOLEAN: "booleanValue",
    LONG: "longValue",
    INTEGER_LIST: "integerListValue",
    STRING_LIST: "stringListValue",
    BIG_STRING: "stringValue",
}
TYPE_OF = {
    FieldType.TEXT: STRING,
    FieldType.LIST: STRING,
    FieldType.TREE: STRING,
    FieldType.LINKED: STRING,
    FieldType.TEXTAREA: BIG_STRING,
    FieldType.NUMBER: DOUBLE,
    FieldType.CHECKBOX: BOOLEAN,
    FieldType.DATE: LONG,
    FieldType.DATETIME: LONG,
    FieldType.USER: LONG,
    FieldType.CI: LONG,
    FieldType.MULTI_LIST: STRING_LIST,
}
MODULES = frozenset({"request", "incident"})
_MS = 1000


def parse_values(session: Session, given: dict[str, CustomValue | None]) -> dict[int, str]:
    """Field id -> the core's text for each entry; a 400 for a bad key, type or value shape
    (unknown field ids are refused by the core when the values are applied)."""
    ids: dict[str, int] = {}
    for key in given:
        if not key.isascii() or not key.isdigit() or len(key) > 18:
            raise invalid_input(f"Invalid custom field id: {key!r}")
        ids[key] = int(key)
    fields = fields_by_ids(session, ids.values())
    result: dict[int, str] = {}
    for key, entry in given.items():
        custom_field = fields.get(ids[key])
        if custom_field is None:
            raise invalid_input(f"Custom field not found: {key}")
        result[custom_field.id] = _core_text(custom_field, entry)
    return result


def render_values(session: Session, texts: dict[int, str]) -> dict[str, dict[str, Any]]:
    """The wire map of a ticket's stored values (field id -> display text from the core)."""
    fields = fields_by_ids(session, texts)
    rendered: dict[str, dict[str, Any]] = {}
    for field_id, text in texts.items():
        custom_field = fields.get(field_id)
        if custom_field is None:
            continue
        code = TYPE_OF[custom_field.field_type]
        rendered[str(field_id)] = {"type": code, VALUE_KEYS[code]: _wire_value(custom_field, text)}
    return rendered


def form(session: Session, module: str) -> dict[str, Any]:
    """The custom fields a module's incidents take: id, names, type code, value key, options."""
    if module.lower() not in MODULES:
        raise invalid_input(f"Unknown module: {module}")
    fields = fields_for_type(session, None)
    options = field_options(session, [f.id for f in fields])
    return {
        "module": module.lower(),
        "fields": [_describe(f, [o.value for o in options[f.id]]) for f in fields],
    }


def _describe(custom_field: CustomField, options: list[str]) -> dict[str, Any]:
    code = TYPE_OF[custom_field.field_type]
    return {
        "id": custom_field.id,
        "name": custom_field.name,
        "label": custom_field.label,
        "type": code,
        "valueKey": VALUE_KEYS[code],
        "fieldType": custom_field.field_type.value,
        "required": custom_field.is_required,
        "order": custom_field.position,
        "options": options,
    }


def _core_text(custom_field: CustomField, entry: CustomValue | None) -> str:
    if entry is None:
        return ""
    if entry.type not in VALUE_KEYS:
        raise invalid_input(
            f"Unsupported custom field type {entry.type} for field {custom_field.id}"
        )
    values = entry.values()
    preferred = VALUE_KEYS[entry.type]
    value = values.get(preferred) if preferred in values else next(iter(values.values()), None)
    if value is None:
        return ""
    text = _to_text(custom_field.field_type, value)
    if text is None:
        raise _wrong_shape(custom_field, value)
    return text


def _to_text(kind: FieldType, value: Any) -> str | None:
    """The core's text for a JSON value, or None when its JSON type does not fit the field."""
    if isinstance(value, str):
        return value  # the core parses and checks text of every type
    if kind is FieldType.CHECKBOX:
        return ("1" if value else "0") if isinstance(value, bool) else None
    if isinstance(value, bool):
        return None
    if kind is FieldType.NUMBER and isinstance(value, int | float):
        return repr(float(value)) if isinstance(value, float) else str(value)
    if kind in (FieldType.DATE, FieldType.DATETIME) and isinstance(value, int):
        return _epoch_text(kind, value)
    if kind in (FieldType.USER, FieldType.CI) and isinstance(value, int):
        return str(value)
    if kind is FieldType.MULTI_LIST and isinstance(value, list) and _all_text(value):
        return ",".join(value)
    return None


def _all_text(items: list[Any]) -> bool:
    return all(isinstance(item, str) for item in items)


def _epoch_text(kind: FieldType, millis: int) -> str | None:
    try:
        moment = datetime.fromtimestamp(millis / _MS, UTC)
    except (OverflowError, ValueError, OSError):
        return None
    return moment.date().isoformat() if kind is FieldType.DATE else moment.isoformat()


def _wrong_shape(custom_field: CustomField, value: Any) -> MotadataError:
    return invalid_input(
        f"Invalid value for custom field {custom_field.id} ({custom_field.field_type.value}): "
        f"{type(value).__name__}"
    )


def _wire_value(custom_field: CustomField, text: str) -> Any:
    kind = custom_field.field_type
    if kind is FieldType.NUMBER:
        return float(text)
    if kind is FieldType.CHECKBOX:
        return text == "1"
    if kind is FieldType.DATE:
        day = date.fromisoformat(text)
        return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()) * _MS
    if kind is FieldType.DATETIME:
        return int(datetime.fromisoformat(text).timestamp() * _MS)
    if kind is FieldType.USER:
        return int(text)
    if kind is FieldType.CI:  # LONG holds one item; a field with several shows its first
        return int(text.split(",")[0])
    if kind is FieldType.MULTI_LIST:
        return text.split(",") if text else []
    return text
