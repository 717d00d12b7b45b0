"""The encoder and writers against the spec's reference outputs (§1.3, §2.1)."""

from __future__ import annotations

import pytest

from polydesk.dialects.integria.encoding import safe_input, safe_output
from polydesk.dialects.integria.request import Params, parse_php_query
from polydesk.dialects.integria.writers import csv_row, php_float, xml_list, xml_records

ENCODED = [
    ("Titulo de la incidencia", "Titulo&#x20;de&#x20;la&#x20;incidencia"),
    (
        'O\'Brien "q" <b> & é ñ € 中',
        "O&#039;Brien&#x20;&quot;q&quot;&#x20;&lt;b&gt;&#x20;&amp;&#x20;&eacute;&#x20;&ntilde;"
        "&#x20;&euro;&#x20;中",
    ),
    ("tab\there\nnl", "tab&#x09;here&#x0a;nl"),
    ("(x) /* c */ \\", "&#40;x&#41;&#x20;&#47;&#42;&#x20;c&#x20;&#42;&#47;&#x20;&#92;"),
    ("Doe:::John", "Doe:::John"),
    ("a,b", "a,b"),
    ("1.5", "1.5"),
    (" 12", " 12"),
]


@pytest.mark.parametrize(("plain", "encoded"), ENCODED)
def test_safe_input_matches_php_and_round_trips(plain: str, encoded: str) -> None:
    assert safe_input(plain) == encoded
    assert safe_output(encoded) == plain


def test_safe_output_leaves_unknown_or_impossible_entities() -> None:
    assert safe_output("&bogus; &#x110000; &#xD800;") == "&bogus; &#x110000; &#xD800;"


def test_fputcsv_rules() -> None:
    row = [1, "2024-05-01 10:00:00", None, "Disk&#x20;full", 'q"uote', 'back\\"q', True, False]
    assert csv_row(row) == '1,"2024-05-01 10:00:00",,Disk&#x20;full,"q""uote","back\\"q",1,\n'
    assert csv_row(["Wont fix", "tab\there", ""]) == '"Wont fix","tab\there",\n'
    assert csv_row([]) == "\n"


def test_php_float_printing() -> None:
    assert php_float(0.05000000074505806) == "0.050000000745058"
    assert php_float(0.25) == "0.25"
    assert php_float(3.0) == "3"
    assert php_float(1e25) == "1.0E+25"
    assert php_float(1e-5) == "1.0E-5"


def test_xml_styles() -> None:
    assert xml_records([], "incident") == "<xml></xml>"
    assert xml_records([{"a": 1}], "incident") == (
        "<xml version='1.0' encoding='UTF-8'>\n"
        "<incident><a><![CDATA[1]]></a>\n</incident>\n</xml>\n"
    )
    assert xml_list([{"id": 1, "name": "x"}], "group") == (
        "<xml>\n<group>\n<id>1</id>\n<name>x</name>\n</group>\n</xml>\n"
    )


def test_php_query_parsing() -> None:
    values = parse_php_query("a=1&a=2&b=x+y%20z&c=%in&d[]=1&d[]=2&e=%E9")
    assert values == {"a": "2", "b": "x y z", "c": "%in", "d": ["1", "2"], "e": "é"}


def test_params_split_on_encoded_text() -> None:
    assert Params.parse("a b,c", ",").parts == ["a b", "c"]
    assert Params.parse("x|;|y z|;|", "|;|").parts == ["x", "y z", ""]
    # A ';' token cuts through the entity a space became, as in the product.
    assert Params.parse("a b", ";").parts == ["a&#x20", "b"]
    assert Params.parse("Doe:::John,x", ",").text(0) == "Doe,John"
