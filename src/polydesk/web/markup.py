"""Article bodies as the ticket page shows them: HTML mail sanitised with nh3 (Ammonia's safe
list: no script, no event handlers, no style, only http/https/mailto links), plain text
escaped with its line breaks kept (CSS ``white-space: pre-wrap``).

Inline images (``<img src="cid:...">``, Znuny/e-mail inline parts) point at the same download
route as every attachment, so they obey the same visibility; any other image source is
dropped (the CSP would block it anyway, and remote images in mail are trackers)."""

from __future__ import annotations

from collections.abc import Sequence

import nh3
from markupsafe import Markup, escape

from polydesk.models.attachments import Attachment
from polydesk.models.comments import Comment

#: Images the browser may show inline from our download route; anything else downloads.
INLINE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})
SCHEMES = frozenset({"http", "https", "mailto", "cid"})


def attachment_url(attachment_id: int, *, inline: bool = False) -> str:
    return f"/console/attachments/{attachment_id}" + ("?inline=1" if inline else "")


def article_html(comment: Comment, files: Sequence[Attachment]) -> Markup:
    """The body of ``comment`` as safe markup; its inline parts served from ``files``."""
    if "html" not in comment.mime_type.lower():
        return Markup('<div class="plain">{}</div>').format(escape(comment.body))
    by_cid = {_cid(file.content_id): file.id for file in files if file.content_id}

    def attribute(tag: str, name: str, value: str) -> str | None:
        if tag == "img" and name == "src":
            if value.lower().startswith("cid:") and _cid(value[4:]) in by_cid:
                return attachment_url(by_cid[_cid(value[4:])], inline=True)
            return None
        if name in ("href", "src") and value.lower().startswith("cid:"):
            return None
        return value

    clean = nh3.clean(comment.body, url_schemes=set(SCHEMES), attribute_filter=attribute)
    return Markup('<div class="html">{}</div>').format(Markup(clean))


def _cid(value: str) -> str:
    """A Content-ID as the body names it and as it was stored (``<abc@x>`` or ``abc@x``)."""
    return value.strip().strip("<>").lower()
