"""A local server that speaks GOV.UK Notify's documented API (v2), for the tests: it checks the JWT as
Notify does, checks each request's body, answers Notify's response shapes and errors, and records what it
received. The `notify` fixture starts it and points the settings at it."""

from __future__ import annotations

import base64
import json
import re
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from pytest_django import Settings

EMAIL_TEMPLATE = "4c2c0fd4-5c0e-4f8e-a7a2-3d4b0f3c9e11"
TEXT_TEMPLATE = "0b9e0a52-9f4e-4d8c-93a1-6f0c2f5d7a22"
CALLBACK_TOKEN = "receipts-token-for-the-tests"
# Notify refuses a token whose iat is further than this from its own clock.
CLOCK_SKEW = 30
# The placeholders of the two templates the README tells a partnership to create.
EMAIL_PLACEHOLDERS = ("subject", "body", "file_intro", "file")
TEXT_PLACEHOLDERS = ("body",)
FILE_TYPES = (
    ".csv",
    ".doc",
    ".docx",
    ".jpeg",
    ".jpg",
    ".json",
    ".odt",
    ".pdf",
    ".png",
    ".rtf",
    ".txt",
    ".xlsx",
)
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class Answer(Exception):
    """An error answer, in Notify's shape: {"status_code", "errors": [{"error", "message"}]}."""

    def __init__(self, status: int, error: str, message: str) -> None:
        super().__init__(message)
        self.status, self.error, self.message = status, error, message


@dataclass
class Received:
    """One request as the server read it."""

    method: str
    path: str
    body: dict[str, Any]


@dataclass
class NotifyStandIn:
    """The server's state: its service and key, what it received, the notifications it made (by id),
    and the errors it was told to answer next."""

    service_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    secret: str = field(default_factory=lambda: str(uuid.uuid4()))
    received: list[Received] = field(default_factory=list)
    notifications: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: list[Answer] = field(default_factory=list)
    url: str = ""

    @property
    def api_key(self) -> str:
        return f"community_trigger_tests-{self.service_id}-{self.secret}"

    def answer_next(self, status: int, error: str, message: str) -> None:
        """The next request that sends something is answered with this error."""
        self.errors.append(Answer(status, error, message))

    def sent(self, kind: str) -> list[dict[str, Any]]:
        """The bodies of the accepted requests to send `kind` (email, sms, letter)."""
        return [
            one.body
            for one in self.received
            if one.path == f"/v2/notifications/{kind}" and one.body.get("accepted")
        ]

    def receipt(self, notification_id: str, status: str) -> dict[str, Any]:
        """Notify's delivery receipt for a notification, as its callback posts it; its status is set."""
        made = self.notifications[notification_id]
        made["status"] = status
        return {
            "id": notification_id,
            "reference": made["reference"],
            "to": made.get("email_address") or made.get("phone_number") or "",
            "status": status,
            "created_at": made["created_at"],
            "completed_at": made["created_at"],
            "sent_at": made["created_at"],
            "notification_type": made["type"],
            "template_id": made["template"]["id"],
            "template_version": 1,
        }

    def returned_letter(self, notification_id: str) -> dict[str, Any]:
        """Notify's returned-letter callback for a letter."""
        made = self.notifications[notification_id]
        return {
            "notification_id": notification_id,
            "reference": made["reference"],
            "date_sent": made["created_at"],
        }

    # What the server does with one request ----------------------------------------------------------

    def handle(self, method: str, path: str, headers: Any, raw: bytes) -> tuple[int, dict[str, Any]]:
        try:
            self._authorised(headers.get("Authorization", ""))
            if method == "GET":
                return 200, self._get(path)
            body = json.loads(raw or b"{}")
            if not isinstance(body, dict):
                raise Answer(400, "ValidationError", "Request body must be a JSON object")
            record = Received(method, path, body)
            self.received.append(record)
            if self.errors:
                raise self.errors.pop(0)
            made = self._send(path, body)
            record.body = {**body, "accepted": True}
            return 201, made
        except Answer as answer:
            return answer.status, {
                "status_code": answer.status,
                "errors": [{"error": answer.error, "message": answer.message}],
            }

    def _authorised(self, header: str) -> None:
        scheme, _, token = header.partition(" ")
        if scheme != "Bearer" or not token:
            raise Answer(401, "AuthError", "Unauthorized: authentication token must be provided")
        try:
            claims = jwt.decode(token, options={"verify_signature": False}, algorithms=["HS256"])
            if jwt.get_unverified_header(token).get("alg") != "HS256":
                raise Answer(403, "AuthError", "Invalid token: algorithm used is not HS256")
        except jwt.DecodeError as error:
            raise Answer(403, "AuthError", "Invalid token: signature, api token is not valid") from error
        if claims.get("iss") != self.service_id:
            raise Answer(403, "AuthError", "Invalid token: service not found")
        try:
            jwt.decode(token, key=self.secret, algorithms=["HS256"], options={"verify_iat": False})
        except jwt.InvalidTokenError as error:
            raise Answer(403, "AuthError", "Invalid token: API key not found") from error
        if "iat" not in claims:
            raise Answer(403, "AuthError", "Invalid token: iat field not provided")
        if abs(time.time() - int(claims["iat"])) > CLOCK_SKEW:
            raise Answer(403, "AuthError", "Error: Your system clock must be accurate to within 30 seconds")

    def _get(self, path: str) -> dict[str, Any]:
        match = re.fullmatch(r"/v2/notifications/([^/]+)", path)
        if not match:
            raise Answer(404, "BadRequestError", "The requested URL was not found on the server.")
        if not _UUID.match(match.group(1)):
            raise Answer(400, "ValidationError", "id is not a valid UUID")
        if match.group(1) not in self.notifications:
            raise Answer(404, "NoResultFound", "No result found")
        return self.notifications[match.group(1)]

    def _send(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        kind = path.removeprefix("/v2/notifications/")
        if kind == "email":
            return self._email(body)
        if kind == "sms":
            return self._text(body)
        if kind == "letter":
            return self._letter(body)
        raise Answer(404, "BadRequestError", "The requested URL was not found on the server.")

    def _email(self, body: dict[str, Any]) -> dict[str, Any]:
        address = body.get("email_address")
        if not isinstance(address, str) or not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", address):
            raise Answer(400, "ValidationError", "email_address is not a valid email address")
        personalisation = self._template(body, EMAIL_TEMPLATE, EMAIL_PLACEHOLDERS)
        file = personalisation["file"]
        link = self._file(file) if isinstance(file, dict) else str(file)
        text = f"{personalisation['body']}\n\n{personalisation['file_intro']}\n{link}"
        return self._made(
            "email",
            body,
            {"email_address": address},
            {
                "subject": personalisation["subject"],
                "body": text,
                "from_email": "trigger@notifications.service.gov.uk",
            },
        )

    def _file(self, file: dict[str, Any]) -> str:
        try:
            data = base64.b64decode(file["file"], validate=True)
        except (KeyError, ValueError) as error:
            raise Answer(400, "ValidationError", "file is not a valid base64 string") from error
        filename = file.get("filename") or ""
        if not filename.lower().endswith(FILE_TYPES):
            raise Answer(
                400, "BadRequestError", "`filename` must end with a file extension. For example, filename.csv"
            )
        if len(filename) > 100:
            raise Answer(400, "BadRequestError", "`filename` cannot be longer than 100 characters")
        if file.get("confirm_email_before_download") not in (None, True, False):
            raise Answer(400, "BadRequestError", "Unsupported value for confirm_email_before_download")
        weeks = re.fullmatch(r"(\d+) weeks?", file.get("retention_period") or "26 weeks")
        if not weeks or not 1 <= int(weeks.group(1)) <= 78:
            raise Answer(400, "BadRequestError", "Unsupported value for retention_period")
        if len(data) > 2 * 1024 * 1024:
            raise Answer(400, "BadRequestError", "File is larger than 2MB")
        return f"https://documents.service.gov.uk/d/{self.service_id}/{uuid.uuid4()}"

    def _text(self, body: dict[str, Any]) -> dict[str, Any]:
        number = body.get("phone_number")
        if not isinstance(number, str) or len(re.sub(r"[\s()+-]", "", number)) < 10:
            raise Answer(400, "ValidationError", "phone_number Not enough digits")
        personalisation = self._template(body, TEXT_TEMPLATE, TEXT_PLACEHOLDERS)
        return self._made(
            "sms", body, {"phone_number": number}, {"body": personalisation["body"], "from_number": "GOVUK"}
        )

    def _template(self, body: dict[str, Any], template: str, placeholders: tuple[str, ...]) -> dict[str, Any]:
        if body.get("template_id") != template:
            raise Answer(400, "BadRequestError", "Template not found")
        personalisation = body.get("personalisation") or {}
        missing = [name for name in placeholders if name not in personalisation]
        if missing:
            raise Answer(400, "BadRequestError", f"Missing personalisation: {', '.join(missing)}")
        return dict(personalisation)

    def _letter(self, body: dict[str, Any]) -> dict[str, Any]:
        if "template_id" in body:
            raise Answer(400, "BadRequestError", "This stand-in takes precompiled letters only")
        if not body.get("reference"):
            raise Answer(400, "ValidationError", "reference is a required property")
        postage = body.get("postage", "second")
        if postage not in ("first", "second", "economy"):
            raise Answer(
                400, "ValidationError", "postage invalid. It must be either first, second or economy."
            )
        try:
            pdf = base64.b64decode(body.get("content") or "", validate=True)
        except ValueError as error:
            raise Answer(400, "BadRequestError", "Letter content is not a valid PDF") from error
        if not pdf.startswith(b"%PDF-"):
            raise Answer(400, "BadRequestError", "Letter content is not a valid PDF")
        made = self._made("letter", body, {"postage": postage}, {})
        return {"id": made["id"], "reference": made["reference"], "postage": postage}

    def _made(
        self, kind: str, body: dict[str, Any], recipient: dict[str, Any], content: dict[str, Any]
    ) -> dict[str, Any]:
        notification_id = str(uuid.uuid4())
        template_id = body.get("template_id") or str(uuid.UUID(int=0))
        created = time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime())
        self.notifications[notification_id] = {
            "id": notification_id,
            "reference": body.get("reference"),
            **recipient,
            "type": kind,
            "status": "pending-virus-check" if kind == "letter" else "created",
            "template": {
                "id": template_id,
                "version": 1,
                "uri": f"{self.url}/v2/template/{template_id}/version/1",
            },
            "body": content.get("body", ""),
            "subject": content.get("subject", ""),
            "created_at": created,
            "sent_at": None,
            "completed_at": None,
        }
        return {
            "id": notification_id,
            "reference": body.get("reference"),
            "content": content,
            "uri": f"{self.url}/v2/notifications/{notification_id}",
            "template": {"id": template_id, "version": 1, "uri": f"{self.url}/v2/template/{template_id}"},
            "scheduled_for": None,
        }


def _handler(stand_in: NotifyStandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self, method: str) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            status, payload = stand_in.handle(method, self.path, self.headers, raw)
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            self._answer("GET")

        def do_POST(self) -> None:
            self._answer("POST")

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler


@pytest.fixture
def notify(settings: Settings) -> Iterator[NotifyStandIn]:
    """The stand-in, running, with the settings pointing every backend at it as NOTIFY_API_KEY would."""
    stand_in = NotifyStandIn()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(stand_in))
    stand_in.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.NOTIFY_API_KEY = stand_in.api_key
    settings.NOTIFY_BASE_URL = stand_in.url
    settings.NOTIFY_EMAIL_TEMPLATE_ID = EMAIL_TEMPLATE
    settings.NOTIFY_TEXT_TEMPLATE_ID = TEXT_TEMPLATE
    settings.NOTIFY_CALLBACK_TOKEN = CALLBACK_TOKEN
    settings.EMAIL_BACKEND = "community_trigger.notifications.notify.EmailBackend"
    settings.TEXT_BACKEND = "community_trigger.notifications.notify.TextBackend"
    settings.LETTER_BACKEND = "community_trigger.notifications.notify.LetterBackend"
    try:
        yield stand_in
    finally:
        server.shutdown()
        server.server_close()
