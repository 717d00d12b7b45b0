"""The web UI edge: server-rendered pages (Jinja2) with htmx, for agents (``/console``),
customers (``/portal``) and admins. Like every edge it parses, makes one core call and renders;
sessions, CSRF and the layout are described in docs/web.md."""
