"""Outgoing mail: an outbox written in the caller's transaction, drained over SMTP by the worker."""
