"""Polydesk's own JSON API (the native edge)."""
