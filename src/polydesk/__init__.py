"""Polydesk: one help desk core, many API dialects at the edge."""

__version__ = "0.1.0"
