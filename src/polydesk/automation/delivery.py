"""Send the webhook outbox: signed POSTs, retried with back-off, claimed so one worker sends.

Decisions:
- The standard library's ``urllib.request``, not httpx: httpx is only a test dependency here,
  and one synchronous POST with a timeout is all a delivery needs; redirects are not followed
  (a 3xx is a failure), so a body and signature never go to an address nobody configured.
- Headers: ``X-Polydesk-Signature: sha256=<hex>`` (HMAC-SHA256 of the raw body with the
  webhook's secret), ``X-Polydesk-Delivery`` (the delivery's UUID, also in the body) and
  ``X-Polydesk-Timestamp`` (epoch seconds of this attempt). The secret is never logged.
- Claimed before sending (status ``sending`` with a lease, in its own committed transaction,
  conditional so two workers never both take it), marked ``sent`` after a 2xx. A worker that
  dies between the POST and the mark leaves the lease to run out and the delivery is sent
  again with the same delivery id: receivers drop a delivery id they have seen.
- Failures retry after 30 s, 1, 2, 4 ... minutes (capped at 1 h); after ``MAX_ATTEMPTS`` the
  delivery is ``failed`` with the last error.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from polydesk.core.clock import utcnow
from polydesk.db.uow import unit_of_work
from polydesk.jobs.tasks import PeriodicTask
from polydesk.models.automation import DeliveryStatus, Webhook, WebhookDelivery

log = logging.getLogger(__name__)

WEBHOOK_SEND_TASK = "automation.webhooks_send"
MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(seconds=30)
MAX_RETRY = timedelta(hours=1)
LEASE = timedelta(minutes=2)
TIMEOUT_SECONDS = 10.0
BATCH = 50
SIGNATURE_HEADER = "X-Polydesk-Signature"
DELIVERY_HEADER = "X-Polydesk-Delivery"
TIMESTAMP_HEADER = "X-Polydesk-Timestamp"


@dataclass(frozen=True)
class _Claimed:
    id: int
    uuid: str
    attempts: int
    url: str
    secret: str
    body: str


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args: Any, **_kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def sign(secret: str, body: bytes) -> str:
    """The signature header's value for ``body``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def retry_delay(attempts: int) -> timedelta:
    delay: timedelta = FIRST_RETRY * 2 ** max(attempts - 1, 0)
    return min(delay, MAX_RETRY)


def send_due_webhooks(
    factory: sessionmaker[Session], *, limit: int = BATCH, timeout: float = TIMEOUT_SECONDS
) -> int:
    """Send up to ``limit`` due deliveries, each in its own claim; returns how many arrived."""
    sent = 0
    for _ in range(limit):
        claimed = _claim(factory)
        if claimed is None:
            break
        status, error = _post(claimed, timeout)
        _record(factory, claimed, status, error)
        sent += error is None
    return sent


def _due() -> tuple[Any, ...]:
    return (
        WebhookDelivery.status.in_((DeliveryStatus.PENDING, DeliveryStatus.SENDING)),
        WebhookDelivery.next_attempt_at <= utcnow(),
    )


def _claim(factory: sessionmaker[Session]) -> _Claimed | None:
    """Take the next due delivery (or one whose sender's lease ran out)."""
    with unit_of_work(factory) as session:
        query = (
            select(WebhookDelivery.id)
            .where(*_due())
            .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
            .limit(1)
        )
        if session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        delivery_id = session.scalars(query).first()
        if delivery_id is None:
            return None
        taken = session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.id == delivery_id, *_due())
            .values(
                status=DeliveryStatus.SENDING,
                attempts=WebhookDelivery.attempts + 1,
                next_attempt_at=utcnow() + LEASE,
            )
        )
        if taken.rowcount != 1:  # type: ignore[attr-defined]
            return None
        delivery = session.get_one(WebhookDelivery, delivery_id, populate_existing=True)
        webhook = session.get(Webhook, delivery.webhook_id)
        url, secret = (webhook.url, webhook.secret) if webhook and webhook.is_enabled else ("", "")
        return _Claimed(delivery.id, delivery.uuid, delivery.attempts, url, secret, delivery.body)


def _post(claimed: _Claimed, timeout: float) -> tuple[int | None, str | None]:
    """(HTTP status, error); error None means it arrived."""
    if not claimed.url:
        return None, "the webhook is disabled or deleted"
    body = claimed.body.encode()
    request = urllib.request.Request(claimed.url, data=body, method="POST")
    request.add_header("Content-Type", "application/json")
    request.add_header("User-Agent", "Polydesk-Webhooks/1")
    request.add_header(SIGNATURE_HEADER, sign(claimed.secret, body))
    request.add_header(DELIVERY_HEADER, claimed.uuid)
    request.add_header(TIMESTAMP_HEADER, str(int(time.time())))
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            status = int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except (OSError, ValueError) as exc:
        return None, f"{type(exc).__name__}: {exc}"
    return (status, None) if 200 <= status < 300 else (status, f"HTTP {status}")


def _record(
    factory: sessionmaker[Session], claimed: _Claimed, status: int | None, error: str | None
) -> None:
    with unit_of_work(factory) as session:
        delivery = session.get(WebhookDelivery, claimed.id)
        # Only our claim: another worker that took over an expired lease counts on.
        if delivery is None or delivery.attempts != claimed.attempts:
            return
        delivery.response_status = status
        if error is None:
            delivery.status, delivery.sent_at, delivery.last_error = (
                DeliveryStatus.SENT, utcnow(), ""
            )  # fmt: skip
            return
        log.warning("webhook delivery %s failed: %s", claimed.uuid, error)
        delivery.last_error = error[:4000]
        if not claimed.url or delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = DeliveryStatus.FAILED
        else:
            delivery.status = DeliveryStatus.PENDING
            delivery.next_attempt_at = utcnow() + retry_delay(delivery.attempts)


def webhook_send_task(factory: sessionmaker[Session]) -> PeriodicTask:
    """Due on every tick; the worker's session is unused (each delivery has its own)."""

    def run(_session: Session) -> None:
        send_due_webhooks(factory)

    return PeriodicTask(WEBHOOK_SEND_TASK, timedelta(0), run)
