"""Alembic migrations, shipped inside the package so an installed Polydesk can migrate itself."""
