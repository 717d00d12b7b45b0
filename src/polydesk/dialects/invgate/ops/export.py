"""``GET /data.export``: the address of a data export report's CSV, and that download.

Decisions (the seed: ``id`` is "the UUID of the data export report, obtained during report
configuration"; the answer is ``{url, status}``):
- A report is a saved view exported as CSV (``tickets.export``); agents configure one with
  ``POST /polydesk/v1/views/{view_id}/data-exports`` (native API), which answers its UUID.
- ``url`` is ``<base>/api/v1/data.export/download?token=...``: HMAC-signed, worth 15 minutes,
  for the caller only. Whoever holds it downloads as the caller, with the caller's
  visibility at download time; no other credentials are needed (as a mailed link works).
- The download streams ``text/csv`` (UTF-8, a header row, then the view's tickets by id, 500
  per page). A forged or malformed link is 403, an expired one 410, a report gone (or a view
  the user may no longer read) 404, all ``{"error", "status"}``.
- An unknown UUID, or one whose view the caller cannot read, is refused
  (``data_export.not_found``); customers get 403.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from polydesk.core.errors import DomainError, ErrorKind
from polydesk.db.uow import unit_of_work
from polydesk.dialects.invgate.context import Context
from polydesk.dialects.invgate.errors import InvGateError
from polydesk.dialects.invgate.params import Params
from polydesk.runtime import Runtime
from polydesk.tickets.export import HEADER, export_link, export_page, redeem_link

DOWNLOAD_PATH = "api/v1/data.export/download"
_STATUS = {"data_export.link_expired": 410, "data_export.bad_link": 403}


def get_data_export_url(ctx: Context, params: Params) -> dict[str, Any]:
    token, _expires = export_link(ctx.session, ctx.actor, params.required_text("id"))
    return {"status": "OK", "url": f"{ctx.base_url.rstrip('/')}/{DOWNLOAD_PATH}?token={token}"}


def open_download(runtime: Runtime, token: str) -> tuple[str, Iterator[bytes]]:
    """Check the link and read the first page now (so refusals get their status); the file
    name and the CSV as chunks, one page of tickets each, each page in its own transaction."""
    try:
        with unit_of_work(runtime.factory) as session:
            grant = redeem_link(session, token)
            rows, after = export_page(session, grant, None)
            name = grant.export.name
    except DomainError as error:
        raise _download_error(error) from error
    return name, _chunks(runtime, token, [HEADER, *rows], after)


def _chunks(
    runtime: Runtime, token: str, first: list[list[str]], after: str | None
) -> Iterator[bytes]:
    yield _csv(first)
    while after is not None:
        with unit_of_work(runtime.factory) as session:
            grant = redeem_link(session, token, started=True)
            rows, after = export_page(session, grant, after)
        yield _csv(rows)


def _csv(rows: Iterable[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode()


def _download_error(error: DomainError) -> InvGateError:
    status = _STATUS.get(error.code)
    if status is None:
        status = 403 if error.kind is ErrorKind.PERMISSION_DENIED else 404
    return InvGateError(status, error.message)
