"""Structured logs: one JSON object per line, carrying the job id when there is one.

Configured by ``foodroute serve`` and ``foodroute worker`` only: the library leaves logging alone.

A driver's link is the driver's only credential (valid for days): its signature is redacted
from every line, the access log's request lines included.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from typing import Any

_CONTEXT_FIELDS = ("job_id", "attempt")
_SIGNATURE = re.compile(r"(\bsig=)[^&\s\"']+")


def redact(text: str) -> str:
    """``text`` with every link signature (``sig=...``) replaced by ``[redacted]``."""
    return _SIGNATURE.sub(r"\1[redacted]", text)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        for name in _CONTEXT_FIELDS:
            if hasattr(record, name):
                entry[name] = getattr(record, name)
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
