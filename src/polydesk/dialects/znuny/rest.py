"""The HTTP::REST transport (spec §1.2-1.3): which operation a request names, and the data it
carries, merged as Znuny merges it: query string, then route parameters, then the
``X-OTRS-Header-*`` headers, all copied over the JSON body."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from polydesk.dialects._kit.hostile import load_json
from polydesk.webservices.config import WebServiceConfig

#: Headers that carry credentials, so they stay out of URLs (seed: HTTP-Header Authentication).
HEADER_KEYS = {
    "x-otrs-header-userlogin": "UserLogin",
    "x-otrs-header-customeruserlogin": "CustomerUserLogin",
    "x-otrs-header-sessionid": "SessionID",
    "x-otrs-header-password": "Password",
    "x-otrs-header-impersonateasuser": "ImpersonateAsUser",
    "x-otrs-header-twofactortoken": "TwoFactorToken",
}
_PARAM = re.compile(r":(\w+)")
#: ``ProviderProcessRequest``'s rewrite of REQUEST_URI: what follows ``Webservice/<Name>``.
_AFTER_SERVICE = re.compile(r"^.*Webservice(?:ID)?/[^/]+(/.*)$", re.DOTALL)


class TransportError(Exception):
    """A transport failure: plain text, no JSON (spec §4.3)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class HttpRequest:
    method: str
    route: str  # the path after the web service name, without the query string
    query: str
    headers: dict[str, str]  # lower-case names
    body: bytes
    uri: str = ""  # the raw request URI (path and query), as the web server hands it over


@dataclass(frozen=True)
class Invocation:
    operation: str
    data: Any  # a dict, or a list of dicts when the body was a JSON array


def find_operation(
    config: WebServiceConfig, method: str, route: str, uri: str = ""
) -> tuple[str, dict[str, str]]:
    """First operation, in ASCII order of names, whose method and route match; else the
    transport's error, naming the request URI as Znuny reports it (``reported_uri``)."""
    for name in sorted(config.operations):
        operation = config.operations[name]
        if operation.methods and method not in operation.methods:
            continue
        found = route_pattern(operation.route).match(route)
        if found is not None:
            return name, {key: unquote(value) for key, value in found.groupdict().items()}
    reported = reported_uri(uri) if uri else route
    raise TransportError(
        500, f"HTTP::REST Error while determine Operation for request URI '{reported}'."
    )


def reported_uri(uri: str) -> str:
    """Znuny's ``$RequestURI``: the raw URI after ``Webservice/<Name>``, or the whole path
    when no ``/route`` follows the name (its rewrite does not match then); no query string."""
    found = _AFTER_SERVICE.match(uri)
    path = found.group(1) if found else uri
    return path.split("?", 1)[0]


def route_pattern(route: str) -> re.Pattern[str]:
    """``/Ticket/:TicketID`` -> ``^/Ticket/(?P<TicketID>[^/]+)$``; white space is ignored, as
    under Perl's ``/x``. Literal parts are escaped (Znuny would read them as a regex)."""
    compact = re.sub(r"\s+", "", route)
    parts, last = [], 0
    for found in _PARAM.finditer(compact):
        parts.append(re.escape(compact[last : found.start()]))
        parts.append(f"(?P<{found.group(1)}>[^/]+)")
        last = found.end()
    parts.append(re.escape(compact[last:]))
    return re.compile("^" + "".join(parts) + "$")


def request_data(request: HttpRequest, route_params: dict[str, str]) -> Any:
    uri_data: dict[str, Any] = {**query_data(request.query), **route_params}
    for header, key in HEADER_KEYS.items():
        value = request.headers.get(header, "")
        if value:
            uri_data[key] = value
    if request.method == "GET" or not _declares_body(request):
        return {**uri_data, "RequestMethod": request.method}
    body = _decode_body(request)
    if isinstance(body, dict):
        return {**body, **uri_data}
    return [{**item, **uri_data} if isinstance(item, dict) else item for item in body]


def query_data(query: str) -> dict[str, Any]:
    """Pairs split on ``&`` or ``;``; a repeated key becomes a list; ``0`` arrives as the empty
    string (Znuny stores ``$Value || ''``)."""
    data: dict[str, Any] = {}
    for pair in re.split(r"[&;]", query):
        if not pair:
            continue
        key, _, value = pair.partition("=")
        key, value = _unescape(key), _unescape(value)
        value = "" if value == "0" else value
        if key in data:
            previous = data[key]
            data[key] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            data[key] = value
    return data


def _unescape(text: str) -> str:
    return unquote(text.replace("+", " "), errors="replace")


def _declares_body(request: HttpRequest) -> bool:
    length = request.headers.get("content-length", "")
    return (length.isdigit() and int(length) > 0) or bool(request.body)


def _decode_body(request: HttpRequest) -> Any:
    media, charset = _content_type(request.headers.get("content-type", ""))
    if not request.body or media in ("", "application/x-www-form-urlencoded"):
        raise TransportError(500, "Could not read input data")
    try:
        text = request.body.decode(_codec(charset))
        data = load_json(text.removeprefix("\ufeff"))  # nested too deep is malformed too
    except (UnicodeDecodeError, LookupError, ValueError) as exc:
        raise TransportError(500, "Error while decoding request content.") from exc
    if not isinstance(data, dict | list) or not data:
        raise TransportError(500, "Unsupported request content structure.")
    return data


def _content_type(value: str) -> tuple[str, str]:
    media, _, params = value.partition(";")
    charset = ""
    for param in params.split(";"):
        name, _, setting = param.strip().partition("=")
        if name.lower() == "charset":
            charset = setting.strip().strip('"')
    return media.strip().lower(), charset


def _codec(charset: str) -> str:
    if not charset:
        return "utf-8"
    return codecs.lookup(charset).name
