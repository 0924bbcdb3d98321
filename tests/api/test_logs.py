"""Service logs are one JSON object per line and carry the job id."""

from __future__ import annotations

import json
import logging

from api.logs import JsonFormatter


def test_a_job_log_line_is_json_with_its_job_id() -> None:
    record = logging.LogRecord(
        "foodroute.jobs", logging.INFO, __file__, 1, "plan stored in %.1f s", (2.25,), None
    )
    record.job_id = "abc123"
    record.attempt = 2
    line = json.loads(JsonFormatter().format(record))
    assert {k: line[k] for k in ("level", "logger", "message", "job_id", "attempt")} == {
        "level": "info",
        "logger": "foodroute.jobs",
        "message": "plan stored in 2.2 s",
        "job_id": "abc123",
        "attempt": 2,
    }
