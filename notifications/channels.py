"""Delivery channels: in-app inbox, email, agency webhook. Adding a channel is one class.

A channel receives a rendered ``Message`` (one per recipient, naming every pending report it
is about) and either delivers it or raises; retries and bookkeeping belong to the caller.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string

from agencies.models import User
from core import clock

from .models import AgencyWebhook, Notification


@dataclass
class MessageItem:
    report_id: int
    measure: str
    text: str
    state: str
    path: str  # on this site, for the inbox
    url: str  # absolute, for email and webhooks


@dataclass
class Message:
    """What a reminder says, independent of how it travels."""

    kind: str
    kind_display: str
    title: str
    agency: str
    period: str
    due_on: str
    lead: str
    items: list[MessageItem] = field(default_factory=list)
    note: str = ""
    delivery_key: str = ""
    # A message that is not about reports (the weekly digest) brings its own bodies.
    body_text: str = ""
    body_html: str = ""
    # What webhook receivers switch on: reminders and urges, or a decision on a report.
    event_name: str = "ipplan.reminder"

    def context(self) -> dict:
        return {"message": self, "site_url": settings.IPPLAN_BASE_URL}

    @property
    def text(self) -> str:
        if self.body_text:
            return self.body_text
        return render_to_string("notifications/message.txt", self.context()).strip()

    @property
    def html(self) -> str:
        if self.body_html:
            return self.body_html
        return render_to_string("notifications/message.html", self.context())

    @property
    def inbox_text(self) -> str:
        """In the inbox the title and the linked measures are shown apart from the body."""
        if self.body_text:
            return self.body_text
        return self.lead + (f"\n联席办附言：{self.note}" if self.note else "")

    def payload(self) -> dict:
        return {
            "event": self.event_name,
            "kind": self.kind,
            "kind_display": self.kind_display,
            "title": self.title,
            "text": self.text,
            "agency": self.agency,
            "period": self.period,
            "due_on": self.due_on,
            "reports": [
                {"id": i.report_id, "measure": i.measure, "state": i.state, "url": i.url}
                for i in self.items
            ],
        }


def shorten_text(text: str, limit: int = 60) -> str:
    """A measure's text on one line, cut to ``limit`` characters for a message's list."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class DeliveryFailed(Exception):
    """The channel could not deliver; the message says why (kept in the delivery log)."""


class Channel:
    code: ClassVar[str]
    label: ClassVar[str]
    # "person": one message per person who chose the channel; "agency": one per agency.
    audience: ClassVar[str] = "person"
    # True when delivering only writes to ipplan's own database, so a batch can be written
    # in one transaction together with its delivery marks.
    local: ClassVar[bool] = False
    registry: ClassVar[dict[str, Channel]] = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        Channel.registry[cls.code] = cls()

    def reaches(self, user: User) -> bool:
        """Whether this person can be reached on this channel at all."""
        return True

    def send(
        self, message: Message, *, recipient: User | None, endpoint: AgencyWebhook | None
    ) -> None:
        raise NotImplementedError

    def send_many(self, items: list[tuple[Message, User | None, AgencyWebhook | None]]) -> None:
        for message, recipient, endpoint in items:
            self.send(message, recipient=recipient, endpoint=endpoint)

    @contextlib.contextmanager
    def session(self) -> Iterator[None]:
        """Around a batch of sends: a place to hold one connection open."""
        yield


class InAppChannel(Channel):
    code = "inapp"
    label = "站内通知"
    local = True

    def send(self, message, *, recipient, endpoint):
        self.send_many([(message, recipient, endpoint)])

    def send_many(self, items):
        now = clock.now()
        Notification.objects.bulk_create(
            Notification(
                recipient=recipient,
                kind=message.kind,
                title=message.title,
                body=message.inbox_text,
                links=[[f"{item.measure} {item.text}", item.path] for item in message.items],
                created_at=now,
            )
            for message, recipient, _ in items
        )


class EmailChannel(Channel):
    code = "email"
    label = "电子邮件"
    connection = None

    def reaches(self, user):
        return bool(user.email)

    @contextlib.contextmanager
    def session(self):
        # One SMTP connection for the batch rather than one per message.
        self.connection = get_connection()
        try:
            yield
        finally:
            try:
                self.connection.close()
            except OSError:
                pass
            self.connection = None

    def send(self, message, *, recipient, endpoint):
        email = EmailMultiAlternatives(
            subject=message.title,
            body=message.text,
            to=[recipient.email],
            headers={"X-Ipplan-Delivery": message.delivery_key},
            connection=self.connection,
        )
        email.attach_alternative(message.html, "text/html")
        try:
            email.send()
        except OSError as error:  # smtplib errors are OSErrors
            raise DeliveryFailed(f"邮件发送失败：{error}") from error


def webhook_signature(secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 over ``timestamp.body``; receivers recompute it to trust the sender."""
    signed = timestamp.encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


class WebhookChannel(Channel):
    code = "webhook"
    label = "单位群机器人"
    audience = "agency"
    timeout_seconds = 10

    def send(self, message, *, recipient, endpoint):
        body = json.dumps(message.payload(), ensure_ascii=False).encode()
        timestamp = str(int(time.time()))
        request = urllib.request.Request(
            endpoint.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "User-Agent": "ipplan",
                "X-Ipplan-Timestamp": timestamp,
                "X-Ipplan-Signature": webhook_signature(endpoint.secret, timestamp, body),
                "X-Ipplan-Delivery": message.delivery_key,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_seconds) as response:
                response.read()
        except urllib.error.HTTPError as error:
            raise DeliveryFailed(f"推送地址返回 HTTP {error.code}") from error
        except (urllib.error.URLError, OSError) as error:
            raise DeliveryFailed(f"推送失败：{error}") from error


def channel(code: str) -> Channel:
    return Channel.registry[code]


DEFAULT_PERSON_CHANNELS = ["inapp", "email"]
