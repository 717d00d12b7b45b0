"""Native API, version 1, served under ``/polydesk/v1`` (``/api/v1`` belongs to InvGate and
Motadata)."""

PREFIX = "/polydesk/v1"
