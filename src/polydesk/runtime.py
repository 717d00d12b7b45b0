"""What every edge needs at run time: settings, engine, session factory, file store."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from polydesk.attachments.store import FileStore, LocalFileStore
from polydesk.config import Settings
from polydesk.db import Session
from polydesk.db.engine import make_engine, make_session_factory


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    factory: sessionmaker[Session]
    store: FileStore

    @classmethod
    def from_settings(cls, settings: Settings) -> Runtime:
        engine = make_engine(settings.effective_database_url)
        return cls(
            settings=settings,
            engine=engine,
            factory=make_session_factory(engine),
            store=LocalFileStore(settings.attachments_dir),
        )
