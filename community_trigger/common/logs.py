"""Logging filters for the server log (LOGGING in config/settings.py)."""

from __future__ import annotations

import logging
from typing import Any

from pythonjsonlogger.json import JsonFormatter

from community_trigger.common.request_id import current


class RefusalsOnOneLine(logging.Filter):
    """Log a refusal (a 4xx answer: permission denied, a bad request, too many attempts) as its one
    line, without the traceback Django attaches to it.

    A refusal is the site working as meant; its traceback only repeats where the check is, once per
    refused request, and buries the server errors worth reading. Server errors (5xx) keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True


class WithRequestId(logging.Filter):
    """Give every log record the id of the request being served (common/request_id.py), "-" outside one."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current.get()
        return True


class JsonLines(JsonFormatter):
    """One JSON object per log line (LOG_FORMAT=json), for a deployment whose logs are collected from
    many machines: time, level, logger, message, request id, and a response's status code.

    Only those: Django attaches the request itself to its records, and writing it out would put query
    strings (a postcode, a search for a name) in the logs. The messages name paths, never bodies."""

    KEPT = ("request_id", "status_code")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(
            "%(asctime)s %(levelname)s %(name)s %(message)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            timestamp=False,
        )

    def add_fields(
        self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]
    ) -> None:
        super().add_fields(log_data, record, message_dict)
        for field in list(log_data):
            if field not in ("time", "level", "logger", "message", "exc_info", "stack_info", *self.KEPT):
                del log_data[field]
        for field in self.KEPT:
            log_data.setdefault(field, getattr(record, field, None))
