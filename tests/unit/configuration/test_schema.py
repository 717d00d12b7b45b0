"""The site file's JSON Schema: every preset and an export conform; a bad file does not."""

from __future__ import annotations

import jsonschema_rs  # the validator schemathesis (a test dependency) brings
import pytest
import yaml
from sqlalchemy.orm import Session

from polydesk.configuration.registry import KINDS
from polydesk.configuration.service import (
    apply_preset,
    export_configuration,
    preset_names,
    preset_text,
    site_schema,
)
from polydesk.core.actor import SYSTEM, Actor, Role
from polydesk.core.errors import PermissionDenied


def test_the_schema_names_every_section() -> None:
    schema = site_schema(SYSTEM)
    assert set(schema["properties"]) == {kind.section for kind in KINDS}
    jsonschema_rs.validator_for(schema)  # a valid schema


@pytest.mark.parametrize("name", preset_names())
def test_every_preset_conforms(name: str) -> None:
    validator = jsonschema_rs.validator_for(site_schema(SYSTEM))
    assert validator.is_valid(yaml.safe_load(preset_text(name)) or {})


def test_an_export_conforms_and_a_bad_file_does_not(session: Session) -> None:
    apply_preset(session, SYSTEM, "znuny")
    validator = jsonschema_rs.validator_for(site_schema(SYSTEM))
    assert validator.is_valid(yaml.safe_load(export_configuration(session, SYSTEM)))
    assert not validator.is_valid({"helpdesks": [{"name": "X", "colour": "blue"}]})
    assert not validator.is_valid({"queues": []})
    assert not validator.is_valid({"users": [{"login": "x", "role": "boss"}]})


def test_only_admins_read_it() -> None:
    with pytest.raises(PermissionDenied):
        site_schema(Actor(user_id=5, role=Role.AGENT))
