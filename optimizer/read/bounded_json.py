"""JSON read within bounds: a document nested too deep or too big is refused before parsing.

Python's parser recurses once per level: ``[`` repeated 100,000 times raised ``RecursionError``
(an answer 500 in the console), and a document a few hundred levels deep parses but then breaks
whatever walks it next. Our documents are at most 6 levels deep (a problem inside a request,
an explicit matrix inside its travel), so 64 levels leave room and stop both.

The depth is measured by one linear scan that skips strings (brackets inside a name do not
count) before :func:`json.loads` sees the text; an unterminated string ends the scan, since
the parser stops there too.
"""

from __future__ import annotations

import json
import re
from typing import Any

from optimizer.errors import ErrorCode, InputIssue, ProblemError
from optimizer.messages import message

MAX_DEPTH = 64
"""The deepest nesting of arrays and objects any JSON document may have."""

MAX_FILE_BYTES = 100_000_000
"""The largest JSON file read from disk: a 2,000-site day with two explicit matrices is ~50 MB."""

# A whole string (escapes skipped, linear: no nested quantifier can backtrack), a lone quote
# (a string never closed), or one bracket.
_TOKEN = r'"[^"\\]*(?:\\.[^"\\]*)*"|"|[\[\]{}]'
_TOKEN_TEXT = re.compile(_TOKEN, re.DOTALL)
_TOKEN_BYTES = re.compile(_TOKEN.encode(), re.DOTALL)
_OPENING = frozenset(("[", "{", ord("["), ord("{")))
_CLOSING = frozenset(("]", "}", ord("]"), ord("}")))


class JsonTooDeep(ProblemError):
    """A JSON document nested deeper than :data:`MAX_DEPTH`."""

    code = ErrorCode.JSON_TOO_DEEP


class JsonTooLarge(ProblemError):
    """A JSON file larger than :data:`MAX_FILE_BYTES`."""

    code = ErrorCode.JSON_TOO_LARGE


def exceeds_depth(data: str | bytes, max_depth: int = MAX_DEPTH) -> bool:
    """Whether arrays and objects in ``data`` nest deeper than ``max_depth`` (strings skipped)."""
    tokens = _TOKEN_BYTES.finditer(data) if isinstance(data, bytes) else _TOKEN_TEXT.finditer(data)
    depth = 0
    for token in tokens:
        first = token.group()[0]
        if first in _OPENING:
            depth += 1
            if depth > max_depth:
                return True
        elif first in _CLOSING:
            depth -= 1
        elif len(token.group()) == 1:  # a lone quote: the parser stops at this string
            return False
    return False


def too_deep_error(path: str = "", language: str = "fr") -> JsonTooDeep:
    return JsonTooDeep([InputIssue(path, message("json.too_deep", language, limit=MAX_DEPTH))])


def too_large_error(max_bytes: int = MAX_FILE_BYTES, language: str = "fr") -> JsonTooLarge:
    sentence = message("json.too_large", language, limit=max_bytes // 10**6)
    return JsonTooLarge([InputIssue("", sentence)])


def loads(data: str | bytes, *, max_bytes: int | None = None, language: str = "fr") -> Any:
    """``json.loads`` of ``data``, refused first when too deep (or over ``max_bytes``).

    Raises :class:`JsonTooDeep` or :class:`JsonTooLarge` (both :class:`ProblemError`, exit 2,
    HTTP 422 / 413); a syntax error stays :class:`json.JSONDecodeError` for the caller to locate.
    """
    if max_bytes is not None and len(data) > max_bytes:
        raise too_large_error(max_bytes, language)
    if exceeds_depth(data):
        raise too_deep_error(language=language)
    return json.loads(data)
