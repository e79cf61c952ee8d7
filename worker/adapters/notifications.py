"""Notices to the applicant: portal personal account, e-mail (real SMTP), SMS gateway, post.

Channel rule (`choose_channels`): every channel the applicant gave an address for, best first.
The channel the applicant asked for (`preferred_channel`, e.g. "the method the applicant chose"
for a typo correction) leads; then portal account > e-mail > SMS > post. Why this order: the
portal account is identified through ЕСИА and is where electronic applications live; e-mail is
free and keeps the whole text; SMS is paid and short; a letter is slow and printed. `notify`
delivers through the first channel only, and falls to the next one only when a channel refuses
permanently (unknown account, bad address), so an applicant gets one notice, not four. A
transient failure raises: the job retries the whole call with the same idempotency key.

Idempotency: the SMS gateway and the portal replay a repeated key. SMTP cannot deduplicate:
the key travels in `X-Idempotency-Key` and a Message-ID derived from it (a mail client may fold
identical Message-IDs), and the job layer keeps the effect at most once by recording success;
only a crash between the server's "250" and the job's commit can send a second letter.
"""

from __future__ import annotations

import hashlib
import re
import smtplib
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound, UndefinedError

from engine import clock
from engine.settings import Settings
from worker.adapters.errors import AdapterRequestInvalid, PermanentAdapterError, TransientAdapterError
from worker.adapters.http import JsonHttp, money, parse_reply

# why: folding a long Cyrillic subject at 78 columns splits encoded words on a space, which
# readers then drop ("центрзанятости"); RFC 5322 allows lines up to 998 characters
SMTP_POLICY = SMTP.clone(max_line_length=998)

SYSTEM = "notifications"
PRIORITY = ("portal", "email", "sms", "post")
CONTACT_OF = {"portal": "portal_account", "email": "email", "sms": "phone", "post": "postal_address"}
NO_BREAK_SPACE = "\u00a0"
MONTHS = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split()


def choose_channels(contacts: dict[str, Any]) -> list[str]:
    """The channels to try, best first (see the module docstring for the rule)."""
    given = [channel for channel in PRIORITY if str(contacts.get(CONTACT_OF[channel]) or "").strip()]
    preferred = contacts.get("preferred_channel")
    if preferred in given:
        given.remove(preferred)
        given.insert(0, preferred)
    return given


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str
    sms: str


@dataclass(frozen=True)
class NotificationReceipt:
    channel: str
    reference: str  # the gateway's message id, the portal's notice id, the letter id or the Message-ID
    template: str
    refused: tuple[str, ...] = field(default=())  # channels that refused before this one delivered


class Notifier(Protocol):
    def notify(
        self, template: str, context: dict[str, Any], contacts: dict[str, Any], *, idempotency_key: str
    ) -> NotificationReceipt: ...


class NotificationAdapter:
    """E-mail over SMTP; SMS, portal and post over HTTP/JSON (PROTOCOLS.md, "Notifications")."""

    def __init__(
        self,
        *,
        sms_url: str,
        portal_url: str,
        smtp_host: str,
        smtp_port: int,
        mail_from: str,
        timeout: float = 10.0,
    ) -> None:
        self._sms = JsonHttp("sms", sms_url, timeout=timeout)
        self._portal = JsonHttp("portal", portal_url, timeout=timeout)
        self.smtp_host, self.smtp_port, self.mail_from, self.timeout = smtp_host, smtp_port, mail_from, timeout

    @classmethod
    def from_settings(cls, settings: Settings) -> NotificationAdapter:
        return cls(
            sms_url=settings.sms_url,
            portal_url=settings.portal_url,
            smtp_host=settings.smtp_host,
            smtp_port=settings.smtp_port,
            mail_from=settings.mail_from,
            timeout=settings.adapter_timeout_seconds,
        )

    def notify(
        self, template: str, context: dict[str, Any], contacts: dict[str, Any], *, idempotency_key: str
    ) -> NotificationReceipt:
        """Render `template` with `context` and deliver it through the best channel that accepts it."""
        channels = choose_channels(contacts)
        if not channels:
            raise AdapterRequestInvalid("У заявителя нет ни одного контакта для уведомления", system=SYSTEM)
        rendered = render(template, context)
        refused: list[str] = []
        for channel in channels:
            try:
                reference = self._deliver(channel, rendered, context, contacts, idempotency_key)
            except PermanentAdapterError as exc:
                refused.append(channel)
                if len(refused) == len(channels):
                    raise exc.__class__(
                        f"Ни один канал не принял уведомление: {exc.message}",
                        system=exc.system,
                        status=exc.status,
                        body=exc.body,
                        refused=refused,
                    ) from exc
                continue
            return NotificationReceipt(channel, reference, template, tuple(refused))
        raise AssertionError("unreachable: the loop returns or raises")

    def _deliver(self, channel: str, rendered: Rendered, context: dict, contacts: dict, key: str) -> str:
        address = str(contacts[CONTACT_OF[channel]]).strip()
        name = context.get("full_name")
        if channel == "portal":
            return self.post_to_portal(address, rendered.subject, rendered.body, idempotency_key=key)
        if channel == "email":
            return self.send_email(address, rendered.subject, rendered.body, idempotency_key=key, name=name)
        if channel == "sms":
            return self.send_sms(address, rendered.sms, idempotency_key=key)
        return self.queue_letter(address, name or "", rendered.subject, rendered.body, idempotency_key=key)

    def post_to_portal(self, account: str, subject: str, text: str, *, idempotency_key: str) -> str:
        """A notice in the applicant's personal account (ЕПГУ/РПГУ); returns the notice id."""
        path = f"/api/v1/accounts/{quote(account, safe='')}/notifications"
        reply = self._portal.post(path, {"subject": subject, "text": text}, idempotency_key=idempotency_key)
        return parse_reply("portal", reply, lambda body: str(body["notification_id"]))

    def queue_letter(self, address: str, recipient: str, subject: str, text: str, *, idempotency_key: str) -> str:
        """A postal letter queued for printing and dispatch; returns the letter id."""
        body = {"recipient": recipient, "address": address, "subject": subject, "text": text}
        reply = self._portal.post("/api/v1/letters", body, idempotency_key=idempotency_key)
        return parse_reply("portal", reply, lambda data: str(data["letter_id"]))

    def send_sms(self, phone: str, text: str, *, idempotency_key: str) -> str:
        reply = self._sms.post(
            "/api/v1/messages", {"phone": _e164(phone), "text": text}, idempotency_key=idempotency_key
        )
        return parse_reply("sms", reply, lambda body: str(body["message_id"]))

    def send_email(self, to: str, subject: str, body: str, *, idempotency_key: str, name: str | None = None) -> str:
        """Send a UTF-8 letter over SMTP; returns its Message-ID."""
        message = self._email(to, name, subject, body, idempotency_key)
        try:
            with smtplib.SMTP(self.smtp_host, self.smtp_port, timeout=self.timeout) as smtp:
                smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            code, reply = next(iter(exc.recipients.values()))
            raise _smtp_error(code, reply) from exc
        except smtplib.SMTPResponseException as exc:
            raise _smtp_error(exc.smtp_code, exc.smtp_error) from exc
        except (smtplib.SMTPException, OSError) as exc:  # disconnected, refused, timed out
            raise TransientAdapterError(f"Почтовый сервер недоступен: {exc!r}", system="smtp") from exc
        return message["Message-ID"]

    def _email(self, to: str, name: str | None, subject: str, body: str, key: str) -> EmailMessage:
        message = EmailMessage(policy=SMTP_POLICY)
        try:
            message["To"] = Address(display_name=name or "", addr_spec=to)
        except (ValueError, IndexError) as exc:
            raise AdapterRequestInvalid(f"Неверный адрес электронной почты: {to}", system="smtp") from exc
        message["From"] = self.mail_from
        message["Subject"] = subject
        message["Date"] = format_datetime(clock.now())
        domain = self.mail_from.rpartition("@")[2] or "reglament.local"
        message["Message-ID"] = f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@{domain}>"
        message["X-Idempotency-Key"] = key
        message.set_content(body)
        return message

    def close(self) -> None:
        self._sms.close()
        self._portal.close()


def render(template: str, context: dict[str, Any]) -> Rendered:
    """Render the subject, body and SMS blocks of templates/<template>.txt.j2 (StrictUndefined)."""
    try:
        compiled = _TEMPLATES.get_template(f"{template}.txt.j2")
        scope = compiled.new_context(dict(context))
        blocks = {name: "".join(block(scope)).strip() for name, block in compiled.blocks.items()}
    except TemplateNotFound as exc:
        raise AdapterRequestInvalid(f"Нет шаблона уведомления «{template}»", system=SYSTEM) from exc
    except (UndefinedError, TypeError, ValueError, ArithmeticError) as exc:
        raise AdapterRequestInvalid(f"Шаблону «{template}» не хватает данных: {exc}", system=SYSTEM) from exc
    subject = " ".join(blocks["subject"].split())
    return Rendered(subject, blocks["body"] + "\n", blocks.get("sms") or subject)


def rubles(value: Any) -> str:
    """12345.6 → "12 345,60 руб." (a no-break space groups thousands, as Russian letters do)."""
    amount = money(value).quantize(Decimal("0.01"))
    whole, _, kopecks = f"{amount:,.2f}".partition(".")
    return f"{whole.replace(',', NO_BREAK_SPACE)},{kopecks} руб."


def ru_date(value: Any) -> str:
    day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    return f"{day.day} {MONTHS[day.month - 1]} {day.year} г."


def ru_datetime(value: Any) -> str:
    """As given, in the offset the caller chose (the office's local time)."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return f"{ru_date(moment)} в {moment:%H:%M}"


def _e164(phone: str) -> str:
    digits = re.sub(r"\D", "", str(phone))
    if len(digits) == 10:
        digits = "7" + digits
    if len(digits) == 11 and digits[0] == "8":
        digits = "7" + digits[1:]
    if not re.fullmatch(r"7\d{10}", digits):
        raise AdapterRequestInvalid(f"Неверный номер телефона: {phone}", system="sms")
    return "+" + digits


def _smtp_error(code: int, reply: bytes | str) -> PermanentAdapterError | TransientAdapterError:
    error = TransientAdapterError if 400 <= code < 500 else PermanentAdapterError
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
    return error(f"Почтовый сервер ответил {code}: {text}", system="smtp", status=code, body=text)


_TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    undefined=StrictUndefined,
    autoescape=False,  # why: plain text letters; nothing here is rendered as HTML
    trim_blocks=True,
    lstrip_blocks=True,
)
_TEMPLATES.filters.update(rubles=rubles, ru_date=ru_date, ru_datetime=ru_datetime)
