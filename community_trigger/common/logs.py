"""Logging filters for the server log (LOGGING in config/settings.py)."""

from __future__ import annotations

import logging


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
