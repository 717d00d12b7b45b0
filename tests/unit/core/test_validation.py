"""``MailAddress``: every address ``EmailStr`` takes, as it normalises it, plus the local
addresses the products take (``root@localhost``, ``admin@intranet``, ``.local``); garbage is
still refused with ``EmailStr``'s error."""

from __future__ import annotations

import email_validator
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, EmailStr, TypeAdapter, ValidationError

from polydesk.core.validation import LOCAL_USE_NAMES, MailAddress

MAIL = TypeAdapter(MailAddress)
EMAIL_STR: TypeAdapter[str] = TypeAdapter(EmailStr)


@pytest.mark.parametrize(
    ("given_address", "stored"),
    [
        ("root@localhost", "root@localhost"),  # Znuny's stock admin
        ("ROOT@LocalHost", "ROOT@localhost"),  # domain lower-cased, local part kept
        ("admin@intranet", "admin@intranet"),  # a host name without a dot
        ("admin@server1", "admin@server1"),
        ("jo@corp.local", "jo@corp.local"),  # Active Directory style
        ("jo@Corp.LOCAL", "jo@corp.local"),
        ("qa@staging.test", "qa@staging.test"),
        ("a@münchen.local", "a@münchen.local"),
        ("Root <root@localhost>", "root@localhost"),  # display names dropped, as EmailStr does
        ('"Root, Admin" <root@LOCALHOST>', "root@localhost"),
        ("  root@localhost  ", "root@localhost"),
        ("a@mylocalhost", "a@mylocalhost"),
        ("a@localhost.localhost", "a@localhost.localhost"),
        ("Ada.Lovelace@Example.COM", "Ada.Lovelace@example.com"),
        ("Postmaster@Example.com", "postmaster@example.com"),  # RFC 2142, as EmailStr does
        ("a@xn--mnchen-3ya.de", "a@münchen.de"),
    ],
)
def test_local_and_ordinary_addresses_are_accepted(given_address: str, stored: str) -> None:
    assert MAIL.validate_python(given_address) == stored


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("", "must have an @-sign"),
        ("no-at-sign", "must have an @-sign"),
        ("@localhost", "something before the @-sign"),
        ("root@", "something after the @-sign"),
        ("ro ot@localhost", "invalid character"),
        ("root@local host", "invalid character"),
        ("root@localhost\x00", "invalid character"),
        ("ro\x00ot@localhost", "invalid character"),
        ("root@localhost\r\nBcc: x@example.com", "line feed"),
        ("root@@localhost", "invalid character"),
        ("root@localhost.", "cannot end with a period"),
        ("root@.localhost", "period immediately after the @-sign"),
        ("root@-localhost", "cannot have a hyphen"),
        ("x" * 250 + "@localhost", "too long"),
        ("root@" + "l" * 64, "periods cannot be separated by so many characters"),
        ("a" * 2049 + "@localhost", "Length must not exceed 2048"),
        ('"quoted"@localhost', "Quoting"),
        ("root@[127.0.0.1]", "bracketed IP address"),
        ("root@127.0.0.1", "top-level domain"),  # all-numeric last label (RFC 3696)
        ("root@1234", "top-level domain"),
        ("a@b.invalid", "special-use or reserved"),  # still refused: not local mail
        ("a@hidden.onion", "special-use or reserved"),
        ("a@1.in-addr.arpa", "special-use or reserved"),
    ],
)
def test_garbage_is_refused_with_a_reason(address: str, reason: str) -> None:
    with pytest.raises(ValidationError) as refused:
        MAIL.validate_python(address)
    (error,) = refused.value.errors()
    assert error["type"] == "value_error"
    assert error["msg"].startswith("value is not a valid email address: ")
    assert reason in error["msg"]


def test_non_strings_are_refused() -> None:
    with pytest.raises(ValidationError):
        MAIL.validate_python(42)


def test_the_library_wide_special_use_list_is_left_alone() -> None:
    """Accepting ``localhost`` must not loosen email-validator for anyone else in the process."""
    assert set(email_validator.SPECIAL_USE_DOMAIN_NAMES) >= LOCAL_USE_NAMES
    MAIL.validate_python("root@localhost")
    assert {"localhost", "local", "test"} <= set(email_validator.SPECIAL_USE_DOMAIN_NAMES)
    with pytest.raises(email_validator.EmailNotValidError):
        email_validator.validate_email("root@localhost", check_deliverability=False)


def test_the_schema_still_says_email() -> None:
    class Model(BaseModel):
        email: MailAddress | None = None

    assert Model.model_json_schema()["properties"]["email"]["anyOf"][0] == {
        "type": "string",
        "format": "email",
    }


_ATOM = st.text(alphabet='abcXYZ019.-_+ä@<>" ,', min_size=0, max_size=12)


@given(
    st.one_of(
        st.emails(),
        st.builds(lambda name, address: f"{name} <{address}>", _ATOM, st.emails()),
        st.lists(st.sampled_from(["a", "@", ".", "localhost", "Com", "<", ">", " ", '"', "ä"])).map(
            "".join
        ),
        _ATOM,
    )
)
def test_whatever_email_str_accepts_is_accepted_the_same(address: str) -> None:
    try:
        expected = EMAIL_STR.validate_python(address)
    except ValidationError:
        return
    assert MAIL.validate_python(address) == expected
