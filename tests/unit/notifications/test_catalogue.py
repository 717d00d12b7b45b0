"""Templates: the defaults render in every language; a template that could not render (an
unknown placeholder, attribute or index access, a format spec) is refused."""

from __future__ import annotations

import pytest

from polydesk.core.errors import ValidationFailed
from polydesk.notifications.catalogue import EVENTS, LANGUAGES, PLACEHOLDERS, check_template, render
from polydesk.notifications.defaults import DEFAULT_TEMPLATES
from polydesk.notifications.overrides import Overrides, language_of


def test_every_event_has_a_default_in_every_language_and_each_renders() -> None:
    values = {name: f"<{name}>" for name in PLACEHOLDERS}
    assert set(DEFAULT_TEMPLATES) == set(EVENTS)
    for event, by_language in DEFAULT_TEMPLATES.items():
        assert set(by_language) == set(LANGUAGES), event
        for subject, body in by_language.values():
            check_template(subject, "subject")
            check_template(body, "body")
            assert "<ticket_title>" in render(subject, values) or event == "ticket.status_moved"


@pytest.mark.parametrize(
    "template",
    ["{ticket_title.__class__}", "{ticket_title[0]}", "{password}", "{ticket_title:>99999}",
     "{ticket_title!r}", "{0}", "{}", "unbalanced {ticket_title", "}"],
)  # fmt: skip
def test_templates_that_could_not_render_are_refused(template: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        check_template(template, "body")
    assert refused.value.code in {
        "notification.unknown_placeholder",
        "notification.invalid_template",
    }


def test_languages_fall_back_to_english() -> None:
    overrides = Overrides({("ticket.opened", "en"): ("EN {ticket_title}", "b")}, frozenset())

    assert language_of("es-ES") == "es" and language_of("de_AT") == "de" and language_of("") == "en"
    assert overrides.template("ticket.opened", "es") == DEFAULT_TEMPLATES["ticket.opened"]["es"]
    assert overrides.template("ticket.opened", "fr") == ("EN {ticket_title}", "b")
    assert overrides.template("ticket.assigned", "fr") == DEFAULT_TEMPLATES["ticket.assigned"]["en"]
