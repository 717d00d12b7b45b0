"""Ticket history: the core records an event for every change, whichever edge made it."""
