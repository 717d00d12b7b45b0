"""Where things are: each role's landing page and the checks on a ``next`` address."""

from __future__ import annotations

from polydesk.core.actor import Actor

SIGN_IN = "/"
CONSOLE = "/console"
PORTAL = "/portal"
#: Where a user with a temporary password chooses their own.
PASSWORD = "/password"


def home_for(actor: Actor) -> str:
    """Agents and admins work in the console, customers in the portal."""
    return CONSOLE if actor.is_agent else PORTAL


def landing(actor: Actor, wanted: str) -> str:
    """Where to go after signing in: ``wanted`` when it is a page of this site inside the
    actor's own area (never another host: no open redirect), else the actor's home."""
    home = home_for(actor)
    if not wanted.startswith("/") or wanted.startswith("//") or "\\" in wanted:
        return home
    path = wanted.split("?", 1)[0]
    if path == home or path.startswith(home + "/"):
        return wanted
    return home
