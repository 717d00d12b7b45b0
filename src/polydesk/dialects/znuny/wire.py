"""What goes back on the wire (spec §1.4): an operation's data as compact, key-sorted JSON at
HTTP 200 (business errors included), a fault as JSON served as ``text/plain`` at HTTP 500, or a
transport error as a plain message."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

TEXT_PLAIN = "text/plain; charset=UTF-8"
JSON_TYPE = "application/json; charset=UTF-8"


@dataclass(frozen=True)
class WireResponse:
    status: int
    body: bytes
    media_type: str
    headers: dict[str, str] = field(default_factory=dict)


def encode_json(data: Any) -> bytes:
    """Znuny's ``JSON->Encode(SortKeys => 1)``: sorted keys, no spaces, raw UTF-8."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def json_answer(data: Any) -> WireResponse:
    return WireResponse(200, encode_json(data), JSON_TYPE)


def fault_answer(message: str) -> WireResponse:
    return WireResponse(
        500, encode_json({"faultcode": "Server", "faultstring": message}), TEXT_PLAIN
    )


def transport_error(status: int, message: str) -> WireResponse:
    return WireResponse(status, message.encode(), TEXT_PLAIN)
