"""Migration 0027 on an install with users and leads: existing users need no password change,
the leads list's name and e-mail filters are served by the new indexes, and the revision goes
down again cleanly (keeping the users' login index)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import Engine, text

from polydesk.db.engine import make_engine
from polydesk.db.migrate import alembic_config, upgrade

USER = (
    "INSERT INTO users (login, first_name, last_name, title, role, is_enabled, is_external,"
    " language, timezone, phone, mobile, fax, position, department, employee_number, address,"
    " comments, sees_company_tickets, out_of_office_message, created_at, updated_at) VALUES"
    " ('nora', 'Nora', '', '', 'AGENT', 1, 0, 'en', 'UTC', '', '', '', '', '', '', '', '', 1, '',"
    " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
)
LEAD = (
    "INSERT INTO leads (full_name, email, phone, mobile, position, company_name, country,"
    " language, description, progress, estimated_sale, tags, created_at, updated_at) VALUES"
    " ('Dario Perez', 'Dario@Example.com', '', '', '', '', '', 'es', '', 0, 0, '',"
    " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
)

NEW_LEAD_INDEXES = (
    "ix_leads_company_id", "ix_leads_owner_id", "ix_leads_progress", "ix_leads_category_id",
    "ix_leads_campaign_id", "ix_leads_full_name_lower", "ix_leads_email_lower",
)  # fmt: skip


def _plan(engine: Engine, where: str) -> str:
    with engine.connect() as connection:
        rows = connection.execute(text(f"EXPLAIN QUERY PLAN SELECT id FROM leads WHERE {where}"))
        return " ".join(str(row[-1]) for row in rows)


def test_existing_rows_and_the_lead_indexes(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    upgrade(engine, "0026")
    with engine.begin() as connection:
        connection.execute(text(USER))
        connection.execute(text(LEAD))

    upgrade(engine, "0027")

    with engine.connect() as connection:
        flag = connection.execute(text("SELECT must_change_password FROM users")).scalar_one()
        assert flag == 0
    assert "ix_leads_full_name_lower" in _plan(
        engine, "lower(full_name) >= 'da' AND lower(full_name) < 'db'"
    )
    assert "ix_leads_email_lower" in _plan(engine, "lower(email) = 'dario@example.com'")
    assert "ix_leads_campaign_id" in _plan(engine, "campaign_id = 7")
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0026")
    with engine.connect() as connection:
        users = [row[1] for row in connection.execute(text("PRAGMA table_info(users)"))]
        comments = [row[1] for row in connection.execute(text("PRAGMA table_info(comments)"))]
        indexes = [row[0] for row in connection.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'index'"
        ))]  # fmt: skip
    assert "must_change_password" not in users and "is_propagation" not in comments
    assert "ix_users_login_lower" in indexes
    assert not set(NEW_LEAD_INDEXES) & set(indexes)
    engine.dispose()
