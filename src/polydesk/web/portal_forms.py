"""What the portal's forms send, parsed: optional ids from selects, uploaded files (several per
form), and the run-time resources the use cases need to store them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from fastapi import Depends, File, Request, UploadFile
from pydantic import BeforeValidator, Field

from polydesk.core.errors import TooLarge, ValidationFailed
from polydesk.flows.commands import FileUpload, Resources
from polydesk.web.deps import runtime

#: Files one form may carry; a request with more is refused whole.
MAX_FILES = 10


def _blank_is_none(value: object) -> object:
    """A select's empty option ("— choose —") means "not given"."""
    return None if value == "" else value


OptionalId = Annotated[int | None, BeforeValidator(_blank_is_none), Field(ge=1, lt=2**31)]
#: An empty file input arrives as an empty string, not as a file: those are skipped.
Files = Annotated[list[UploadFile | str], File()]


def _resources(request: Request) -> Resources:
    return runtime(request).resources


UseCaseResources = Annotated[Resources, Depends(_resources)]


def uploads(files: Sequence[UploadFile | str], resources: Resources) -> list[FileUpload]:
    """The files chosen, read at most one byte past the size limit (never buffered whole)."""
    chosen = [file for file in files if not isinstance(file, str) and file.filename]
    if len(chosen) > MAX_FILES:
        raise ValidationFailed("attachment.too_many", f"attach at most {MAX_FILES} files")
    limit = resources.max_upload_bytes
    read = []
    for file in chosen:
        data = file.file.read(limit + 1)
        if len(data) > limit:
            raise TooLarge("attachment.too_large", f"{file.filename} exceeds {limit} bytes")
        kind = file.content_type or "application/octet-stream"
        read.append(FileUpload(filename=file.filename or "", data=data, content_type=kind))
    return read
