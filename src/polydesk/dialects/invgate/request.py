"""Reading a request's parameters: the query string plus an urlencoded or multipart body (read
under a hard size limit), grouped PHP-style. Files arrive as multipart parts (``attachments[]``).

Decisions: query and body parameters are one set (the body's come last, so a single value in
the body wins); a non-empty body of any other content type (JSON included: InvGate documents
none) is refused with 415; the whole body may hold the upload limit plus ``FORM_OVERHEAD``."""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

from fastapi import Request
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.types import Message

from polydesk.dialects._kit.http import read_limited
from polydesk.dialects._kit.php_params import ParamError, parse_pairs, split_name
from polydesk.dialects.invgate.errors import InvGateError, bad_parameter
from polydesk.dialects.invgate.params import Params, UploadedFile

FORM_OVERHEAD = 1024 * 1024
MAX_FILES = 20
MAX_FIELDS = 2000
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


async def read_params(
    request: Request, max_upload_bytes: int, *, utf8_only: bool = False
) -> Params:
    """``utf8_only``: refuse a query string or urlencoded body that is not UTF-8 once
    percent-decoded (428), which decoding would otherwise turn into U+FFFD and store (the API
    operations; the token endpoint keeps answering 401 for such credentials)."""
    if utf8_only:
        _require_utf8(request.scope.get("query_string", b""))
    pairs = list(request.query_params.multi_items())
    files: dict[str, list[UploadedFile]] = {}
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        body = await _body(request, max_upload_bytes + FORM_OVERHEAD)
        if body:
            pairs += await _form_pairs(request, body, files, utf8_only=utf8_only)
    try:
        return Params(parse_pairs(pairs), files)
    except ParamError as error:
        raise bad_parameter(error.message) from error


async def _body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise InvGateError(413, f"The request is larger than {limit} bytes")
    body = await read_limited(request, limit)
    if body is None:
        raise InvGateError(413, f"The request is larger than {limit} bytes")
    return body


async def _form_pairs(
    request: Request, body: bytes, files: dict[str, list[UploadedFile]], *, utf8_only: bool
) -> list[tuple[str, str]]:
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in _FORM_TYPES:
        raise InvGateError(415, "Send parameters as a query string or a form body")

    async def replay() -> Message:
        return {"type": "http.request", "body": body, "more_body": False}

    if utf8_only and media == _FORM_TYPES[0]:
        _require_utf8(body)
    pairs: list[tuple[str, str]] = []
    try:
        async with Request(request.scope, replay).form(
            max_files=MAX_FILES, max_fields=MAX_FIELDS
        ) as form:
            for name, value in form.multi_items():
                if isinstance(value, UploadFile):
                    files.setdefault(_file_name(name), []).append(await _uploaded(value))
                else:
                    pairs.append((name, value))
    except (HTTPException, MultiPartException) as exc:
        raise bad_parameter("Malformed form data") from exc
    return pairs


def _require_utf8(encoded: bytes) -> None:
    """428 when a name or value is not UTF-8 once percent-decoded."""
    for piece in encoded.split(b"&"):
        try:
            unquote_to_bytes(piece.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            raise bad_parameter("Parameters must be UTF-8 text") from None


def _file_name(name: str) -> str:
    try:
        return split_name(name)[0]
    except ParamError as error:
        raise bad_parameter(error.message) from error


async def _uploaded(value: UploadFile) -> UploadedFile:
    return UploadedFile(
        filename=value.filename or "file",
        content_type=value.content_type or "application/octet-stream",
        data=await value.read(),
    )
