"""Edges that speak other products' APIs. Each parses, calls core services, renders."""
