"""Users: agents, customers and admins in one table (every dialect authenticates against it)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Enum, ForeignKey, Index, String, false, func, text, true
from sqlalchemy.orm import Mapped, mapped_column

from polydesk.core.actor import Role, TicketScope
from polydesk.db.base import Base, Timestamps


class User(Timestamps, Base):
    __tablename__ = "users"
    # Logins are looked up ignoring case (users.repository.by_login); this index serves that.
    __table_args__ = (Index("ix_users_login_lower", func.lower(text("login"))),)

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(191), unique=True)
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    first_name: Mapped[str] = mapped_column(String(100), default="")
    last_name: Mapped[str] = mapped_column(String(100), default="")
    title: Mapped[str] = mapped_column(String(50), default="")  # salutation (Znuny UserTitle)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=16), index=True)
    is_enabled: Mapped[bool] = mapped_column(default=True)
    is_external: Mapped[bool] = mapped_column(default=False)  # authenticated elsewhere (LDAP...)
    language: Mapped[str] = mapped_column(String(16), default="en")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    phone: Mapped[str] = mapped_column(String(50), default="")
    # The desk phone's extension (ReadyDesk tech ``extension``, up to 255 characters).
    phone_extension: Mapped[str] = mapped_column(String(255), default="", server_default="")
    mobile: Mapped[str] = mapped_column(String(50), default="")
    fax: Mapped[str] = mapped_column(String(50), default="")
    position: Mapped[str] = mapped_column(String(100), default="")
    department: Mapped[str] = mapped_column(String(100), default="")
    employee_number: Mapped[str] = mapped_column(String(50), default="")
    address: Mapped[str] = mapped_column(String(500), default="")
    # Directory details InvGate keeps (office / other phone, second address, birthday, ID...).
    office_phone: Mapped[str] = mapped_column(String(50), default="", server_default="")
    other_phone: Mapped[str] = mapped_column(String(50), default="", server_default="")
    other_email: Mapped[str] = mapped_column(String(254), default="", server_default="")
    birthday: Mapped[str] = mapped_column(String(32), default="", server_default="")
    national_id: Mapped[str] = mapped_column(String(50), default="", server_default="")
    city: Mapped[str] = mapped_column(String(100), default="", server_default="")
    country: Mapped[str] = mapped_column(String(100), default="", server_default="")
    comments: Mapped[str] = mapped_column(String(2000), default="")
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Customers normally see their company's tickets too; an admin can narrow that per user.
    sees_company_tickets: Mapped[bool] = mapped_column(default=True)
    # Agents: which tickets of their help desks they read (authz.tickets; ReadyDesk's tech
    # ``viewable_tickets`` ALL / OWN).
    ticket_scope: Mapped[TicketScope] = mapped_column(
        Enum(TicketScope, native_enum=False, length=16),
        default=TicketScope.HELPDESKS,
        server_default=TicketScope.HELPDESKS.name,  # SQLAlchemy stores the name
    )
    # Channels and entitlements a directory import brings (ReadyDesk customers and techs):
    # may use live chat, which customer portal, which support contracts, which chat queues
    # an agent answers, and whether an agent is a power user (more than a plain agent, less
    # than an admin: ReadyDesk's "Power User" right).
    chat_enabled: Mapped[bool] = mapped_column(default=True, server_default=true())
    portal_id: Mapped[int | None]
    contract_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    chat_queue_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    is_power_user: Mapped[bool] = mapped_column(default=False, server_default=false())
    profile_id: Mapped[int | None]  # the access profile it was given (Integria id_perfil)
    # Out of office: a window, a message, and who covers (Znuny OutOfOffice, InvGate).
    out_of_office_start: Mapped[datetime | None]
    out_of_office_end: Mapped[datetime | None]
    out_of_office_message: Mapped[str] = mapped_column(String(1000), default="")
    out_of_office_substitute_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    last_login_at: Mapped[datetime | None]
    # Set by an admin with a temporary password (InvGate force_password_change): until the
    # user picks their own, a password login opens nothing else (users.forced_change).
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Deleted users stay (their tickets keep naming them), disabled and marked (users.lifecycle).
    deleted_at: Mapped[datetime | None]

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part) or self.login
