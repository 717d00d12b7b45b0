"""``GET /incident.attachment``: an attachment's metadata and where to download it.

Decisions: ``url`` is the native API's download address (``/polydesk/v1/attachments/<id>/
content``, same credentials); ``hash`` is the SHA-256 of the bytes (the product's algorithm is
undocumented); ``extension`` is the part of the name after the last dot, without it."""

from __future__ import annotations

from typing import Any

from polydesk.attachments.service import require_attachment
from polydesk.dialects.invgate.context import Context
from polydesk.dialects.invgate.params import Params

DOWNLOAD_PATH = "polydesk/v1/attachments/{id}/content"


def get_attachment(ctx: Context, params: Params) -> dict[str, Any]:
    attachment = require_attachment(ctx.session, ctx.actor, params.required_integer("id"))
    stem, dot, extension = attachment.filename.rpartition(".")
    return {
        "id": attachment.id,
        "name": attachment.filename,
        "extension": extension if dot and stem else "",
        "url": ctx.base_url + DOWNLOAD_PATH.format(id=attachment.id),
        "hash": attachment.sha256,
    }
