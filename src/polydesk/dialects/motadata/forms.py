"""Form bodies (multipart or urlencoded) parsed from bytes already read under a size limit."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.types import Message

from polydesk.dialects.motadata.errors import invalid_input

MAX_FIELDS = 100
MAX_FILES = 10


@dataclass(frozen=True)
class UploadedFile:
    filename: str
    content_type: str
    data: bytes


async def read_form(
    request: Request, body: bytes
) -> tuple[dict[str, str], dict[str, UploadedFile]]:
    """Text fields and files of a form body (other content types give nothing); a 400 for a
    malformed one. The first value of a repeated name wins."""

    async def replay() -> Message:
        return {"type": "http.request", "body": body, "more_body": False}

    try:
        async with Request(request.scope, replay).form(
            max_files=MAX_FILES, max_fields=MAX_FIELDS
        ) as form:
            fields: dict[str, str] = {}
            files: dict[str, UploadedFile] = {}
            for name, value in form.multi_items():
                if isinstance(value, UploadFile):
                    files.setdefault(name, await _uploaded(value))
                else:
                    fields.setdefault(name, value)
    except (HTTPException, MultiPartException) as exc:
        raise invalid_input("Malformed form data") from exc
    return fields, files


async def _uploaded(value: UploadFile) -> UploadedFile:
    return UploadedFile(
        filename=value.filename or "file",
        content_type=value.content_type or "application/octet-stream",
        data=await value.read(),
    )
