"""Domain events: every state change records a typed event in its own transaction; the worker
hands each committed event to its subscribers (docs/events.md)."""
