"""Session::SessionCreate, SessionGet and SessionRemove (spec §5.1; ``Operation/Session/*.pm``).

A session is the core's login session (``credentials.service``), of kind ``znuny-agent`` or
``znuny-customer``; it lives ``znuny.session_max_time`` seconds at most and dies after
``znuny.session_max_idle_time`` seconds unused (Znuny SessionMaxTime / SessionMaxIdleTime).

Decisions, written down:

* "The request is empty!" answers data that is not an object with keys (a JSON array body, an
  empty SOAP request). A body-less REST request still carries ``RequestMethod``, so a bare
  ``POST /Session`` gets "Password parameter is missing!", as a real Znuny 6.5 answered (§11.5).
* SessionGet builds the session data from the user row at read time (Znuny snapshots it at
  creation). A customer's ``UserID`` is its login, as in Znuny's CustomerUserDataGet.
* The core marks a session used whenever it is checked, so using it keeps it alive.
* An agent session holds the keys a real Znuny 6.5 stores (``Operation/Session/Common.pm``
  CreateSessionID: GetUserData with its preferences and defaults, plus the session's own
  keys): ``ChangeTime`` / ``CreateTime`` of the user row, the login preferences Auth writes
  (``UserLastLogin``, ``UserLastLoginTimestamp``, ``UserLoginFailed`` 0), the
  ``UserRefreshTime`` default, and ``UserRemoteUserAgent``: the User-Agent header of the
  SessionCreate request, ``"none"`` without one (Znuny's value then). Values are text
  (Znuny's sessions table stores text); a NULL column (an empty ``UserTitle``) is ``null``.
* A customer session holds what ``CustomerUserDataGet`` returns for the default
  ``customer_user`` map (title, names, login, email, customer id, phone, fax, mobile, street,
  zip, city, country, comment, valid id, the row's create/change time and user), the keys the
  DB backend adds (``UserID`` = the login, ``UserFullname``, ``UserMailString``), the login
  preferences CustomerAuth writes and the preference defaults (``UserLanguage``,
  ``UserTimeZone``, ``UserRefreshTime`` 0, ``UserShowTickets`` 25), ``Source``, and - for a
  customer of a company - ``CustomerCompanyGet``'s keys with ``CustomerCompanyValidID``;
  then the session's own keys. Not sent: ``Config`` / ``CompanyConfig``, the backends'
  configuration hashes Znuny serialises into the session (Polydesk has no customer backend
  configuration to show), and ``UserZip`` is always "" (the core keeps no postcode for a
  person).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from polydesk.companies.service import companies_by_ids
from polydesk.core.clock import utcnow
from polydesk.credentials.service import create_session, get_session_row, remove_session
from polydesk.dialects.znuny.auth import (
    AGENT_SESSION,
    CUSTOMER_SESSION,
    Caller,
    authenticate_caller,
    check_password,
)
from polydesk.dialects.znuny.context import Context
from polydesk.dialects.znuny.errors import OperationError
from polydesk.dialects.znuny.values import text, truthy
from polydesk.models.companies import Company
from polydesk.models.users import User
from polydesk.settings.service import ZNUNY_SESSION_MAX_TIME, get_setting
from polydesk.users.service import out_of_office_days_left

SESSION_SOURCE = "GenericInterface"
_DEFAULT_MAX_TIME = 57600


def session_create(ctx: Context, data: Any) -> dict[str, Any]:
    """``{"SessionID": ...}`` and nothing else (PyOTRS reads exactly that key)."""
    _require_data(data, "SessionCreate")
    if not truthy(data.get("Password")):
        raise OperationError(
            "SessionCreate.MissingParameter", "SessionCreate: Password parameter is missing!"
        )
    caller = _login(ctx, data)
    if caller is None:
        raise OperationError("SessionCreate.AuthFail", "SessionCreate: Authorization failing!")
    kind = CUSTOMER_SESSION if caller.user_type == "Customer" else AGENT_SESSION
    max_time = int(get_setting(ctx.session, ZNUNY_SESSION_MAX_TIME) or _DEFAULT_MAX_TIME)
    token = create_session(
        ctx.session, caller.user, kind=kind, remote_addr=ctx.remote_addr,
        user_agent=ctx.user_agent, max_seconds=max_time,
    )  # fmt: skip
    return {"SessionID": token}


def _login(ctx: Context, data: dict[str, Any]) -> Caller | None:
    """UserLogin first, then CustomerUserLogin; the account must be of that kind."""
    password = text(data, "Password")
    if truthy(data.get("UserLogin")):
        return check_password(ctx, text(data, "UserLogin"), password, "User")
    if truthy(data.get("CustomerUserLogin")):
        return check_password(ctx, text(data, "CustomerUserLogin"), password, "Customer")
    return None


def session_get(ctx: Context, data: Any) -> dict[str, Any]:
    _require_data(data, "SessionGet")
    session_id = text(data, "SessionID")
    if not truthy(session_id):
        raise OperationError("SessionGet.MissingParameter", "SessionGet: SessionID is missing!")
    caller = authenticate_caller(ctx, {"SessionID": session_id})
    row = get_session_row(ctx.session, session_id) if caller is not None else None
    if caller is None or row is None:
        raise OperationError("SessionGet.SessionInvalid", "SessionGet: SessionID is Invalid!")
    values: dict[str, str | None] = {
        **_user_data(ctx, caller),
        "SessionSource": SESSION_SOURCE,
        "UserSessionStart": _epoch(row.created_at),
        "UserLastRequest": _epoch(row.last_used_at),
        "UserRemoteAddr": row.remote_addr or "none",
        "UserRemoteUserAgent": row.user_agent or "none",
        "UserType": caller.user_type,
    }
    if caller.is_agent:
        values.update(_agent_session(caller.user, row.created_at))
    else:
        values.update(_customer_session(ctx, caller.user, row.created_at))
    return {"SessionData": [{"Key": key, "Value": values[key]} for key in sorted(values)]}


def session_remove(ctx: Context, data: Any) -> dict[str, Any]:
    """The route's SessionID names the session to remove; the caller logs in with a password
    (the SessionID is taken out of the data before authenticating)."""
    _require_data(data, "SessionRemove")
    session_id = text(data, "SessionID")
    if not truthy(session_id):
        raise OperationError(
            "SessionRemove.MissingParameter", "SessionRemove: SessionID parameter is missing!"
        )
    credentials = {key: value for key, value in data.items() if key != "SessionID"}
    caller = authenticate_caller(ctx, credentials)
    if caller is None:
        raise OperationError("SessionRemove.AuthFail", "SessionRemove: Authorization failed!")
    row = get_session_row(ctx.session, session_id)
    if row is None:
        return {"Success": 1}
    owner_type = "Customer" if row.kind == CUSTOMER_SESSION else "User"
    if (owner_type, row.user_id) != (caller.user_type, caller.user.id):
        _require_may_remove_foreign(caller)
    if remove_session(ctx.session, session_id) is None:
        raise OperationError("SessionRemove.Fail", "SessionRemove: Could not remove SessionID!")
    return {"Success": 1}


def _require_may_remove_foreign(caller: Caller) -> None:
    if not caller.is_agent:
        raise OperationError("SessionRemove.AuthFail", "SessionRemove: Authorization failing!")
    if not caller.actor.is_admin:
        raise OperationError(
            "SessionRemove.AuthFail",
            "SessionRemove: Authorization failed! User needs to be in group admin.",
        )


def _require_data(data: Any, operation: str) -> None:
    """``IsHashRefWithData``: an object with at least one key."""
    if not isinstance(data, dict) or not data:
        raise OperationError(f"{operation}.MissingParameter", f"{operation}: The request is empty!")


def _agent_session(user: User, started: datetime) -> dict[str, str | None]:
    """The keys GetUserData and Auth add for an agent (see the module's notes)."""
    last_login = user.last_login_at or started
    return {
        "ChangeTime": _timestamp(user.updated_at),
        "CreateTime": _timestamp(user.created_at),
        "UserLastLogin": _epoch(last_login),
        "UserLastLoginTimestamp": _timestamp(last_login),
        "UserLoginFailed": "0",
        "UserRefreshTime": "0",
    }


def _customer_session(ctx: Context, user: User, started: datetime) -> dict[str, str | None]:
    """What CustomerUserDataGet adds for a customer (see the module's notes): the rest of the
    ``customer_user`` map, the row's times, the login and default preferences, and the
    company's keys (``CustomerCompanyGet``) when the customer has one."""
    last_login = user.last_login_at or started
    values: dict[str, str | None] = {
        "ChangeBy": "1",
        "ChangeTime": _timestamp(user.updated_at),
        "CreateBy": "1",
        "CreateTime": _timestamp(user.created_at),
        "Source": "CustomerUser",
        "UserCity": user.city,
        "UserComment": user.comments,
        "UserCountry": user.country,
        "UserCustomerID": "",
        "UserFax": user.fax,
        "UserLastLogin": _epoch(last_login),
        "UserLastLoginTimestamp": _timestamp(last_login),
        "UserLoginFailed": "0",
        "UserMailString": f'"{_full_name(user)}" <{user.email or ""}>',
        "UserRefreshTime": "0",
        "UserShowTickets": "25",
        "UserStreet": user.address,
        "UserZip": "",
    }
    company = _company(ctx, user)
    if company is not None:
        values.update(_company_data(company))
        values["UserCustomerID"] = company.code or ""
    return values


def _company_data(company: Company) -> dict[str, str | None]:
    """CustomerCompanyGet's map (the default ``customer_company`` columns) and the company's
    ValidID as ``CustomerCompanyValidID``; its own ValidID and times are the customer's."""
    return {
        "CustomerCompanyCity": company.city,
        "CustomerCompanyComment": company.description,
        "CustomerCompanyCountry": company.country,
        "CustomerCompanyName": company.name,
        "CustomerCompanyStreet": company.address,
        "CustomerCompanyURL": company.website,
        "CustomerCompanyValidID": "1" if company.is_enabled else "2",
        "CustomerCompanyZIP": company.zip,
        "CustomerID": company.code or company.name,
    }


def _user_data(ctx: Context, caller: Caller) -> dict[str, str | None]:
    """GetUserData / CustomerUserDataGet, reduced to what the core knows; text or null."""
    user = caller.user
    values: dict[str, str | None] = {
        "UserEmail": user.email or (user.login if caller.is_agent else ""),  # GetUserData's compat
        "UserFirstname": user.first_name,
        "UserFullname": _full_name(user),
        "UserID": str(user.id) if caller.is_agent else user.login,
        "UserLanguage": user.language,
        "UserLastname": user.last_name,
        "UserLogin": user.login,
        "UserMobile": user.mobile,
        "UserPhone": user.phone,
        "UserTimeZone": user.timezone,
        "UserTitle": user.title or None,
        "ValidID": "1" if user.is_enabled else "2",
    }
    if user.last_login_at is not None:
        values["UserLastLogin"] = _epoch(user.last_login_at)
    if caller.is_agent:
        values.update(_out_of_office(user))
    return values


def _full_name(user: User) -> str:
    """First and last name; an agent out of office gets Znuny's note appended."""
    name = " ".join(part for part in (user.first_name, user.last_name) if part) or user.login
    days = out_of_office_days_left(user, utcnow().date())
    if days is None or user.out_of_office_end is None:
        return name
    until = user.out_of_office_end.astimezone(UTC).date().isoformat()
    return f"{name} (out of office until {until}/{days} d)"


def _out_of_office(user: User) -> dict[str, str]:
    """The agent's out-of-office preferences: the flag, and the window's days while set."""
    if user.out_of_office_start is None:
        return {"OutOfOffice": "0"}
    values = {"OutOfOffice": "1", **_date_parts("Start", user.out_of_office_start)}
    if user.out_of_office_end is not None:
        values.update(_date_parts("End", user.out_of_office_end))
    return values


def _date_parts(which: str, when: datetime) -> dict[str, str]:
    day = when.astimezone(UTC).date()
    return {
        f"OutOfOffice{which}Year": f"{day.year:04d}",
        f"OutOfOffice{which}Month": f"{day.month:02d}",
        f"OutOfOffice{which}Day": f"{day.day:02d}",
    }


def _company(ctx: Context, user: User) -> Company | None:
    if user.company_id is None:
        return None
    return companies_by_ids(ctx.session, [user.company_id]).get(user.company_id)


def _epoch(when: datetime) -> str:
    return str(int(when.timestamp()))


def _timestamp(when: datetime) -> str:
    aware = when if when.tzinfo is not None else when.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
