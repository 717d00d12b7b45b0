"""indexes for Znuny's TicketSearch: history by field and by time, update escalation

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # "As created" filters read a ticket's first event per field; the "changed" window reads
    # events by time; the update escalation window and sort read update_due_at.
    op.create_index("ix_history_ticket_field", "history_events", ["ticket_id", "field", "id"])
    op.create_index("ix_history_ticket_created", "history_events", ["ticket_id", "created_at"])
    op.create_index("ix_tickets_update_due_at", "tickets", ["update_due_at"])


def downgrade() -> None:
    op.drop_index("ix_tickets_update_due_at", table_name="tickets")
    op.drop_index("ix_history_ticket_created", table_name="history_events")
    op.drop_index("ix_history_ticket_field", table_name="history_events")
