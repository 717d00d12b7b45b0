"""The two ways an operation fails (spec §4): a business error, answered at HTTP 200 as
``{"Error":{"ErrorCode","ErrorMessage"}}``, and an internal failure, answered as a 500 fault.
Raising either inside the operation's transaction rolls everything back."""

from __future__ import annotations


class OperationError(Exception):
    """``ReturnError``: ``Success => 1`` with an ``Error`` hash."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def data(self) -> dict[str, dict[str, str]]:
        return {"Error": {"ErrorCode": self.code, "ErrorMessage": self.message}}


class OperationFault(Exception):
    """``Success => 0``: the provider answers with a fault whose faultstring is the message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
