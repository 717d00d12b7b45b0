"""Tickets: create, change, find. The heart of the core."""
