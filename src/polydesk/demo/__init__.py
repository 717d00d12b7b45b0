"""Demo data: a small, realistic help desk loaded through the core services."""
