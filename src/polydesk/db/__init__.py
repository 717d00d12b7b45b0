"""Database plumbing: declarative base, portable types, engine, unit of work, migrations."""

from sqlalchemy.orm import Session

__all__ = ["Session"]
