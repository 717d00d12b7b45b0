"""Handlers of the operations, one module per group of endpoints (operations.py lists them)."""
