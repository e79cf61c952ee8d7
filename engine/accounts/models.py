"""Tables of staff accounts: users, their roles per office, and the lock-out counters."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engine.persistence.models import Base

__all__ = ["RoleGrant", "User"]


class User(Base):
    """A member of staff who signs in with a password, or through the OpenID Connect provider."""

    __tablename__ = "user_account"
    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(100), unique=True)
    full_name: Mapped[str] = mapped_column(String(300))
    password_hash: Mapped[str | None] = mapped_column(String(300), comment="Argon2id; empty: OpenID Connect only")
    active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(default=0, comment="failed attempts in a row since the last success")
    locked_until: Mapped[datetime | None] = mapped_column(comment="no login before this moment (5 failures: 15 min)")
    last_login_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    grants: Mapped[list[RoleGrant]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin", order_by="RoleGrant.id"
    )


class RoleGrant(Base):
    """One role held in one office: a specialist in Vladivostok may be a director in Nakhodka."""

    __tablename__ = "user_role"
    __table_args__ = (UniqueConstraint("user_id", "role", "office"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(50))
    office: Mapped[str] = mapped_column(String(100), index=True)
    user: Mapped[User] = relationship(back_populates="grants")
