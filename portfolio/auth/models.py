"""Accounts and the landsdele a landsdel editor may edit (same metadata as portfolio.models)."""

import datetime as dt

from sqlalchemy import DateTime, Enum, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio.auth.roles import Role
from portfolio.models import CHECKSUM_WIDTH, EMAIL_WIDTH, NAME_WIDTH, PASSWORD_HASH_WIDTH, WHO_WIDTH, Base, Landsdel


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class AccountLandsdel(Base):
    """A landsdel editor's landsdel (an editor may have more than one)."""

    __tablename__ = "account_landsdel"

    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"), primary_key=True)
    landsdel_id: Mapped[int] = mapped_column(ForeignKey("landsdel.id"), primary_key=True)


class Account(Base):
    """Someone who may log in. Local accounts have a password hash; OpenID Connect ones match by e-mail."""

    __tablename__ = "account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(WHO_WIDTH), unique=True)
    display_name: Mapped[str] = mapped_column(String(NAME_WIDTH), default="")
    email: Mapped[str | None] = mapped_column(String(EMAIL_WIDTH), unique=True)  # stored lower-case
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, create_constraint=False, length=24,
             values_callable=lambda e: [m.value for m in e])
    )
    password_hash: Mapped[str | None] = mapped_column(String(PASSWORD_HASH_WIDTH))  # None: OpenID Connect only
    active: Mapped[bool] = mapped_column(default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    created_by: Mapped[str] = mapped_column(String(WHO_WIDTH))

    landsdele: Mapped[list[Landsdel]] = relationship(secondary="account_landsdel", order_by=Landsdel.sort_order)

    @property
    def landsdel_keys(self) -> tuple[str, ...]:
        return tuple(ld.key for ld in self.landsdele)


class LoginThrottle(Base):
    """Failed local logins, counted per (username, client address) and per client address (#13).

    A lock holds for the client that failed only: a loop from one address locks that address out of the
    account (and, past a higher count, out of every account), never the account for everyone else. Names and
    addresses are kept as SHA-256 digests: a username typed on the login form is nobody's business.
    """

    __tablename__ = "login_throttle"

    key_digest: Mapped[str] = mapped_column(String(CHECKSUM_WIDTH), primary_key=True)  # sha256 of "account|user|client"
    account_digest: Mapped[str | None] = mapped_column(String(CHECKSUM_WIDTH), index=True)  # sha256(user); None: client
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
