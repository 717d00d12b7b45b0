"""One site-file entry as a flat form (the web UI's admin pages): which input each field of a
section's entry gets, the entry's current values as form text, and a submitted form back into
the entry's data.

Simple fields (text, numbers, yes/no, one of a set) get their own input; a list of short texts
is one per line; anything structured (a trigger's conditions, a calendar's hours) is YAML in a
text area. The entry's own schema still decides what is valid, so a form and a site file refuse
the same things with the same messages.
"""

from __future__ import annotations

import types
from dataclasses import dataclass
from enum import Enum
from typing import Any, Literal, Union, get_args, get_origin

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from polydesk.configuration.document import InvalidConfiguration, Problem

Widget = Literal["text", "number", "checkbox", "select", "lines", "yaml"]
#: Submitted form text per field is bounded before any parsing (a trigger's YAML included).
MAX_FIELD_TEXT = 100_000


@dataclass(frozen=True)
class FormField:
    name: str
    widget: Widget
    required: bool  # the entry cannot be created without it
    optional: bool  # accepts "none": an empty input means none
    choices: tuple[str, ...] = ()
    description: str = ""
    empty: Any = None  # what an emptied YAML area means (the field's default: [] or {})


def form_fields(entry: type[BaseModel]) -> list[FormField]:
    """Every field of ``entry``, in its declared order, with the input it gets."""
    return [_field(name, info) for name, info in entry.model_fields.items()]


def _field(name: str, info: FieldInfo) -> FormField:
    annotation, optional = _without_none(info.annotation)
    widget, choices = _widget(annotation)
    return FormField(
        name=name,
        widget=widget,
        required=info.is_required(),
        optional=optional,
        choices=choices,
        description=info.description or "",
        empty=None if info.is_required() else info.get_default(call_default_factory=True),
    )


def _without_none(annotation: Any) -> tuple[Any, bool]:
    if get_origin(annotation) in (Union, types.UnionType):
        rest = [arg for arg in get_args(annotation) if arg is not type(None)]
        if len(rest) == 1:
            return rest[0], len(rest) < len(get_args(annotation))
    return annotation, False


def _widget(annotation: Any) -> tuple[Widget, tuple[str, ...]]:
    origin = get_origin(annotation)
    if annotation is bool:
        return "checkbox", ()
    if annotation is int:
        return "number", ()
    if annotation is str or _is_annotated_str(annotation):
        return "text", ()
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return "select", tuple(str(member.value) for member in annotation)
    if origin is Literal:
        return "select", tuple(str(arg) for arg in get_args(annotation))
    if origin is list and all(_is_str(arg) for arg in get_args(annotation)):
        return "lines", ()
    return "yaml", ()


def _is_annotated_str(annotation: Any) -> bool:
    return getattr(annotation, "__origin__", None) is str  # Annotated[str, Field(...)]


def _is_str(annotation: Any) -> bool:
    return annotation is str or _is_annotated_str(annotation)


def form_values(fields: list[FormField], entry: dict[str, Any]) -> dict[str, Any]:
    """The entry's values as its form shows them (text; yes/no for check boxes)."""
    return {field.name: _shown(field, entry.get(field.name)) for field in fields}


def _shown(field: FormField, value: Any) -> Any:
    if field.widget == "checkbox":
        return bool(value)
    if value is None:
        return ""
    if isinstance(value, Enum):
        return str(value.value)
    if field.widget == "lines":
        return "\n".join(str(item) for item in value)
    if field.widget == "yaml":
        return "" if value in ({}, []) else yaml.safe_dump(value, sort_keys=False).strip()
    return str(value)


def form_data(fields: list[FormField], form: dict[str, str]) -> dict[str, Any]:
    """A submitted form as the entry's data; a YAML area that does not parse is a problem
    naming its field. A field the form does not send keeps its value (or takes its default),
    except a check box, which browsers leave out when unchecked. An empty input means "none"
    where the field has one, an emptied YAML area its default; an empty number or choice
    without "none" is left out too."""
    data: dict[str, Any] = {}
    problems: list[Problem] = []
    for field in fields:
        if field.name not in form and field.widget != "checkbox":
            continue  # not on the form: it keeps its value (a box unchecked is never sent)
        text = form.get(field.name, "")
        if len(text) > MAX_FIELD_TEXT:
            problems.append(Problem(0, f"{field.name}: at most {MAX_FIELD_TEXT} characters"))
            continue
        try:
            found = _parsed(field, text)
        except yaml.YAMLError as error:
            problems.append(Problem(0, f"{field.name}: not valid YAML ({_first_line(error)})"))
            continue
        if found is not _LEFT_OUT:
            data[field.name] = found
    if problems:
        raise InvalidConfiguration(problems)
    return data


_LEFT_OUT = object()


def _parsed(field: FormField, text: str) -> Any:
    if field.widget == "checkbox":
        return text != ""  # an unchecked box is not sent at all
    if field.widget == "lines":
        return [line.strip() for line in text.splitlines() if line.strip()]
    if field.widget == "text":
        return None if field.optional and text.strip() == "" else text
    if text.strip() == "":
        if field.optional:
            return None
        return field.empty if field.widget == "yaml" and not field.required else _LEFT_OUT
    return yaml.safe_load(text) if field.widget == "yaml" else text.strip()


def _first_line(error: yaml.YAMLError) -> str:
    return str(error).splitlines()[0] if str(error) else "unreadable"
