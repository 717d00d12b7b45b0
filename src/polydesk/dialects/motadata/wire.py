"""The incident JSON body (specs/seeds-002-003.md A.3): parsed strictly by type (a number
where a string belongs is a 400), keys the API does not define skipped (Spring Boot's Jackson
default), and the set of keys sent remembered, because updates are partial."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from polydesk.dialects._kit.hostile import MalformedJson, load_json
from polydesk.dialects.motadata.errors import MotadataError, invalid_input

Text = Annotated[str, Field(max_length=500)]
ListItem = Annotated[str, Field(min_length=1, max_length=254)]


class FileRef(BaseModel):
    """The later API's ``fileAttachments`` entry (accepted on input, spec A.6-16)."""

    model_config = ConfigDict(extra="ignore", strict=True)

    ref_file_name: str = Field(alias="refFileName", min_length=1, max_length=100)


class CustomValue(BaseModel):
    """``{"type": 1, "stringValue": "Open"}``; the value sits under any ``*Value`` key."""

    model_config = ConfigDict(extra="allow", strict=True)

    type: int

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in (self.model_extra or {}).items() if k.endswith("Value")}


class IncidentBody(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True, populate_by_name=True)

    subject: Text | None = None
    description: str | None = Field(default=None, max_length=1_000_000)
    requester_email: Text | None = Field(default=None, alias="requesterEmail")
    requester_name: Annotated[str, Field(max_length=200)] | None = Field(
        default=None, alias="requesterName"
    )
    category_name: Text | None = Field(default=None, alias="categoryName")
    cc_email_set: list[ListItem] | None = Field(default=None, alias="ccEmailSet", max_length=100)
    tags: list[Annotated[str, Field(min_length=1, max_length=100)]] | None = Field(
        default=None, max_length=100
    )
    location_name: Text | None = Field(default=None, alias="locationName")
    attachments_ref_names: list[ListItem] | None = Field(
        default=None, alias="attachmentsRefNames", max_length=100
    )
    file_attachments: list[FileRef] | None = Field(
        default=None, alias="fileAttachments", max_length=100
    )
    custom_fields: dict[str, CustomValue | None] | None = Field(
        default=None, alias="customFieldValueDetails", max_length=500
    )
    impact: Text | None = None
    priority: Text | None = None
    urgency: Text | None = None
    status: Text | None = None
    spam: bool | None = None

    def given(self, name: str) -> bool:
        """Whether the key was sent with a value (an explicit null counts as not sent unless
        the field can be cleared; see ``cleared``)."""
        return name in self.model_fields_set and getattr(self, name) is not None

    def cleared(self, name: str) -> bool:
        return name in self.model_fields_set and getattr(self, name) is None

    def file_refs(self) -> list[str]:
        refs = list(self.attachments_ref_names or [])
        refs += [entry.ref_file_name for entry in self.file_attachments or []]
        return list(dict.fromkeys(refs))


def parse_incident(raw: bytes) -> IncidentBody:
    try:
        data = load_json(raw)  # nested deeper than MAX_DEPTH is malformed too
    except MalformedJson as exc:
        raise invalid_input("Malformed JSON request body") from exc
    if not isinstance(data, dict):
        raise invalid_input("The request body must be a JSON object")
    try:
        return IncidentBody.model_validate(data)
    except ValidationError as exc:
        raise _type_error(exc) from exc


def _type_error(error: ValidationError) -> MotadataError:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return invalid_input(f"Invalid value for {where}: {first['msg']}")
