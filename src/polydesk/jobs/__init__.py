"""Jobs: an outbox table written in the caller's transaction, drained by the worker."""
