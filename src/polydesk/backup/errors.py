"""The one error type of backup and restore; its message never holds a password."""

from __future__ import annotations

from polydesk.core.errors import ValidationFailed


class BackupError(ValidationFailed):
    """Raised for anything that stops a backup or restore (codes ``backup.*``)."""
