"""Routing (which help desk a ticket opened without one lands in) and assignment (who gets a
ticket entering a help desk level without an owner). See docs/routing.md."""
