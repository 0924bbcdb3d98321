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


def test_a_driver_link_signature_never_reaches_the_access_log() -> None:
    signature = "ab" * 32
    path = f"/v1/driver/jobs/{'0' * 32}/routes/T1?expires=1900000000&sig={signature}"
    # The record as uvicorn's access logger makes it.
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", path, "1.1", 200),
        None,
    )
    line = JsonFormatter().format(record)
    assert signature not in line
    assert "sig=[redacted]" in json.loads(line)["message"]
    assert "expires=1900000000" in line  # the rest of the request stays readable
