"""Golden tests for the user and group ops (spec §3.13-3.17, §3.28, §3.29, §7 get_login)."""

from __future__ import annotations

from polydesk.core.actor import SYSTEM, Role
from polydesk.db.uow import unit_of_work
from polydesk.helpdesks.service import HelpdeskCreate, create_helpdesk
from polydesk.models.helpdesks import Helpdesk
from polydesk.users.service import get_user_by_login
from tests.dialects.integria.conftest import Integria
from tests.factories import make_user

HEADER = "<xml version='1.0' encoding='UTF-8'>\n"
EMPTY_A = f"{HEADER}<data></data>\n</xml>\n"
SEED_USER = "jorge,3,4,jorge@example.com,userpass,description,George Surname,1"


def _exists(value: int) -> str:
    return f"<xml>\n<user>\n<exists><![CDATA[{value}]]></exists>\n</user>\n</xml>\n"


def _agent(integria: Integria, login: str = "agent", *, groups: tuple[int, ...] = ()) -> None:
    with unit_of_work(integria.runtime.factory) as session:
        desks = [session.get(Helpdesk, group) for group in groups]
        make_user(
            session,
            Role.AGENT,
            login=login,
            password="secret",
            helpdesks=[desk for desk in desks if desk is not None],
        )


def test_get_login_answers_one(integria: Integria) -> None:
    assert integria.call("get_login") == "1"
    assert integria.call("get_login", return_type="xml") == f"{HEADER}<data>1</data>\n</xml>\n"
    assert integria.call("get_login", password="wrong") == ""


def test_create_user_seed_example_then_duplicate(integria: Integria) -> None:
    assert integria.call("create_user", SEED_USER) == "1"
    assert integria.call("create_user", SEED_USER) == "0"
    xml = integria.call("create_user", SEED_USER.replace("jorge", "jorge2"), return_type="xml")
    assert xml == f"{HEADER}<data>1</data>\n</xml>\n"
    assert integria.call("create_user", SEED_USER, return_type="xml") == (
        f"{HEADER}<data>0</data>\n</xml>\n"
    )
    assert integria.call("validate_user", "jorge,userpass") == "1"
    assert integria.call("user_exists", "jorge") == "1"


def test_create_user_bad_group_answers_nothing(integria: Integria) -> None:
    params = "bob,99,4,bob@example.com,userpass,description,Bob,0"
    assert integria.call("create_user", params) == ""
    assert integria.call("create_user", params, return_type="xml") == EMPTY_A
    # Our deviation: the failed call is rolled back, so no half-made user stays.
    assert integria.call("user_exists", "bob") == "0"


def test_create_user_in_a_group_makes_a_member(integria: Integria) -> None:
    assert integria.call("create_user", "bob,3,1,bob@example.com,pw,,Bob,0") == "1"
    assert integria.call("user_exists_in_group", "bob,3") == "1"
    assert integria.call("user_exists_in_group", "bob,2") == "0"


def test_create_user_without_password_cannot_log_in(integria: Integria) -> None:
    assert integria.call("create_user", "nopass,2,1,np@example.com,,,No Pass,0") == "1"
    assert integria.call("user_exists", "nopass") == "1"
    assert integria.call("validate_user", "nopass,") == "0"
    assert integria.call("validate_user", "nopass,admin") == "0"
    assert integria.call("get_login", user="nopass", password="") == ""


def test_create_user_by_a_non_admin_answers_nothing(integria: Integria) -> None:
    _agent(integria)
    assert integria.call("create_user", SEED_USER, user="agent", password="secret") == ""
    xml = integria.call(
        "create_user", SEED_USER, user="agent", password="secret", return_type="xml"
    )
    assert xml == ""
    assert integria.call("user_exists", "jorge") == "0"


def test_create_user_unknown_return_type_prints_nothing(integria: Integria) -> None:
    assert integria.call("create_user", SEED_USER, return_type="json") == ""


def test_validate_user(integria: Integria) -> None:
    assert integria.call("validate_user", "admin,integria") == "1"
    assert integria.call("validate_user", "admin,wrong") == "0"
    assert integria.call("validate_user", "nobody,integria") == "0"
    assert integria.call("validate_user", "admin,integria", return_type="xml") == "<xml>1</xml>"
    assert integria.call("validate_user", "admin,wrong", return_type="xml") == "<xml>0</xml>"
    assert integria.call("validate_user", "admin,integria", return_type="junk") == ""


def test_user_exists(integria: Integria) -> None:
    assert integria.call("user_exists", "admin") == "1"
    assert integria.call("user_exists", "nobody") == "0"
    assert integria.call("user_exists", "admin", return_type="xml") == _exists(1)
    assert integria.call("user_exists", "nobody", return_type="xml") == _exists(0)
    assert integria.call("user_exists", "admin", return_type="junk") == "1"  # falls back to CSV


def test_delete_user(integria: Integria) -> None:
    _agent(integria, "victim")
    _agent(integria, "victim2")
    assert integria.call("delete_user", "victim") == "1"
    assert integria.call("user_exists", "victim") == "0"
    assert integria.call("delete_user", "victim") == "0"
    assert integria.call("delete_user", "victim2", return_type="xml") == _exists(1)
    assert integria.call("delete_user", "victim2", return_type="xml") == _exists(0)
    assert integria.call("delete_user", "nobody", return_type="junk") == "0"


def test_delete_user_never_the_caller(integria: Integria) -> None:
    assert integria.call("delete_user", "admin") == ""
    assert integria.call("delete_user", "admin", return_type="xml") == ""
    # Logins match case-insensitively: "Admin" is the caller too.
    assert integria.call("delete_user", "Admin") == ""
    assert integria.call("user_exists", "admin") == "1"


def test_delete_user_of_admin_by_another_admin(integria: Integria) -> None:
    with unit_of_work(integria.runtime.factory) as session:
        make_user(session, Role.ADMIN, login="boss", password="secret")
    # The product's guard: exactly "admin" answers nothing...
    assert integria.call("delete_user", "admin", user="boss", password="secret") == ""
    assert integria.call("user_exists", "admin", user="boss", password="secret") == "1"
    # ...and, unlike the product, "Admin" does not get past it (SPEC.md deviation 2).
    assert integria.call("delete_user", "Admin", user="boss", password="secret") == ""
    assert integria.call("user_exists", "admin", user="boss", password="secret") == "1"


def test_delete_user_by_a_non_admin_answers_nothing(integria: Integria) -> None:
    _agent(integria)
    _agent(integria, "victim")
    assert integria.call("delete_user", "victim", user="agent", password="secret") == ""
    xml = integria.call("delete_user", "victim", user="agent", password="secret", return_type="xml")
    assert xml == ""
    assert integria.call("user_exists", "victim") == "1"


def test_user_exists_in_group_under_both_names(integria: Integria) -> None:
    _agent(integria, "member", groups=(2, 4))
    for op in ("user_exists_in_group", "get_user_exists_in_group"):
        assert integria.call(op, "member,2") == "1"
        assert integria.call(op, "member,3") == "0"
        assert integria.call(op, "member,3,4") == "1"
        assert integria.call(op, "member|3|4", token="|") == "1"
        assert integria.call(op, "member") == "0"
        assert integria.call(op, "nobody,2") == "0"
        assert integria.call(op, "member,2", return_type="xml") == (
            f"{HEADER}<data>1</data>\n</xml>\n"
        )
        assert integria.call(op, "member,3", return_type="xml") == (
            f"{HEADER}<data>0</data>\n</xml>\n"
        )


def test_get_groups_leaves_out_all_unless_asked(integria: Integria) -> None:
    csv = "2,Customer&#x20;#A\n3,Customer&#x20;#B\n4,Engineering\n"
    assert integria.call("get_groups") == csv
    assert integria.call("get_groups", "0") == csv
    assert integria.call("get_groups", "1") == "1,All\n" + csv
    xml = (
        "<group>\n<id>2</id>\n<name>Customer&#x20;#A</name>\n</group>\n"
        "<group>\n<id>3</id>\n<name>Customer&#x20;#B</name>\n</group>\n"
        "<group>\n<id>4</id>\n<name>Engineering</name>\n</group>\n"
    )
    assert integria.call("get_groups", return_type="xml") == f"<xml>\n{xml}</xml>\n"
    assert integria.call("get_groups", "1", return_type="xml") == (
        f"<xml>\n<group>\n<id>1</id>\n<name>All</name>\n</group>\n{xml}</xml>\n"
    )
    assert integria.call("get_groups", return_type="json") == (
        '{"2":"Customer&#x20;#A","3":"Customer&#x20;#B","4":"Engineering"}'
    )
    assert integria.call("get_groups", "1", return_type="json") == (
        '{"1":"All","2":"Customer&#x20;#A","3":"Customer&#x20;#B","4":"Engineering"}'
    )
    assert integria.call("get_groups", return_type="junk") == ""


def test_get_groups_is_ordered_by_name(integria: Integria) -> None:
    with unit_of_work(integria.runtime.factory) as session:
        create_helpdesk(session, SYSTEM, HelpdeskCreate(name="Accounting"))
    assert integria.call("get_groups") == (
        "5,Accounting\n2,Customer&#x20;#A\n3,Customer&#x20;#B\n4,Engineering\n"
    )


def test_get_groups_for_a_non_admin(integria: Integria) -> None:
    _agent(integria)
    assert integria.call("get_groups", user="agent", password="secret") == (
        "2,Customer&#x20;#A\n3,Customer&#x20;#B\n4,Engineering\n"
    )


def test_get_users(integria: Integria) -> None:
    assert integria.call("get_users") == "admin\n"
    assert (
        integria.call("get_users", return_type="xml") == "<xml>\n<id_user>admin</id_user>\n</xml>\n"
    )
    assert integria.call("get_users", return_type="junk") == ""
    for login in ("zed", "Bob", "carl"):
        _agent(integria, login)
    # ORDER BY id_usuario under MySQL's case-insensitive collation.
    assert integria.call("get_users") == "admin\nBob\ncarl\nzed\n"
    assert integria.call("get_users", return_type="xml") == (
        "<xml>\n<id_user>admin</id_user>\n<id_user>Bob</id_user>\n"
        "<id_user>carl</id_user>\n<id_user>zed</id_user>\n</xml>\n"
    )


def test_create_user_keeps_a_long_real_name_whole(integria: Integria) -> None:
    real = "Maria " + "de la " * 12 + "Santisima Trinidad Fernandez-Castellanos Y Bermudez"
    assert 100 < len(real) <= 200
    assert integria.call("create_user", f"maria,0,1,maria@example.com,pw,,{real},0") == "1"
    with unit_of_work(integria.runtime.factory) as session:
        user = get_user_by_login(session, "maria")
        assert user is not None and f"{user.first_name} {user.last_name}" == real
    unsplittable = "x" * 150
    assert integria.call("create_user", f"xena,0,1,x@example.com,pw,,{unsplittable},0") == ""
    assert integria.call("user_exists", "xena") == "0"
