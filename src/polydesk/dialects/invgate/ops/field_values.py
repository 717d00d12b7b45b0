"""``/incident.custom_field``: set (POST) and erase (DELETE) one custom field's value on a
request, through ``customfields.service.set_ticket_values`` (the field's own rules: type,
options, required, history).

Decisions where the seed is silent:
- ``custom_field_uid`` is the core field id (the uid ``GET /incident`` keys ``custom_fields``
  by). ``values[]`` is required as an array; a multiple-choice field takes every value (joined
  as the core's comma list), any other field the first one, as the seed says. An empty first
  value erases the value (as DELETE does); erasing a required field is refused.
- ``author_id`` acts (``Context.acting_as``). File-type values (file names in ``values[]`` and
  files in the body) are refused with a 428: the core has no file custom fields.
- ``PATCH`` (add CIs by exact name to a CI field, which may hold several) lives in ``ops/cis.py``.
"""

from __future__ import annotations

from typing import Any

from polydesk.core.errors import not_found
from polydesk.customfields.service import fields_by_ids, set_ticket_values
from polydesk.dialects._kit.php_params import ParamError
from polydesk.dialects.invgate.context import Context
from polydesk.dialects.invgate.errors import bad_parameter
from polydesk.dialects.invgate.params import Params
from polydesk.dialects.invgate.render import ok
from polydesk.models.customfields import FieldType

#: Fields that hold several values: every value sent is kept.
MULTIPLE = frozenset({FieldType.MULTI_LIST})


def set_request_custom_field(ctx: Context, params: Params) -> dict[str, Any]:
    author = ctx.acting_as(params.required_integer("author_id"))
    ticket_id = params.required_integer("request_id")
    field_id = params.required_integer("custom_field_uid")
    values = _values(params)
    if params.files:
        raise bad_parameter("File custom fields are not supported: send values only")
    found = fields_by_ids(ctx.session, [field_id]).get(field_id)
    if found is None:
        raise not_found("custom_field", field_id)
    text = ",".join(values) if found.field_type in MULTIPLE else values[0]
    set_ticket_values(ctx.session, author, ticket_id, {field_id: text})
    return ok("Custom field value erased" if not text.strip() else "Custom field value set")


def delete_request_custom_field(ctx: Context, params: Params) -> dict[str, Any]:
    author = ctx.acting_as(params.required_integer("author_id"))
    ticket_id = params.required_integer("request_id")
    field_id = params.required_integer("custom_field_uid")
    set_ticket_values(ctx.session, author, ticket_id, {field_id: ""})
    return ok("Custom field value erased")


def _values(params: Params) -> list[str]:
    try:
        values = params.php.array("values")
    except ParamError as error:  # a single value or a comma list
        raise bad_parameter(error.message) from error
    if not values:
        raise bad_parameter("The parameter values is required")
    return list(values)
