"""Catalogs: statuses, priorities, impacts, urgencies, types, sources, close reasons, categories."""
