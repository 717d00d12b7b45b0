"""What an op answers: its CSV, XML and (where newer servers have it) JSON bodies.

Only the body for the requested ``return_type`` is rendered. Ops the product writes with
``switch`` print nothing for an unknown type; the ``if xml ... else`` ones fall back to CSV
(``lenient``), spec §2.3.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from polydesk.dialects.integria import writers
from polydesk.dialects.integria.writers import Value

Render = Callable[[], str]


def _nothing() -> str:
    return ""


@dataclass(frozen=True)
class Reply:
    csv: Render
    xml: Render
    json: Render | None = None
    lenient: bool = False

    def body(self, return_type: str) -> str:
        if return_type == "xml":
            return self.xml()
        if return_type == "csv":
            return self.csv()
        if return_type == "json" and self.json is not None:
            return self.json()
        return self.csv() if self.lenient else ""


EMPTY = Reply(csv=_nothing, xml=_nothing)


def scalar(value: Value) -> Reply:
    """A single value: bare in CSV, style A in XML."""
    return Reply(csv=lambda: writers.php_string(value), xml=lambda: writers.xml_scalar(value))


def raw(value: Value) -> Reply:
    """A value printed before the formatter runs: the same bare text whatever the format."""
    text = writers.php_string(value)
    return Reply(csv=lambda: text, xml=lambda: text, json=lambda: text)


def lenient_scalar(value: Value, xml: Render) -> Reply:
    return Reply(csv=lambda: writers.php_string(value), xml=xml, lenient=True)


class Refused(Exception):
    """Raised by an op to answer with ``reply`` after rolling back whatever it changed."""

    def __init__(self, reply: Reply) -> None:
        super().__init__("refused")
        self.reply = reply
