"""The checks across parts, run even when some parts are invalid, so every error comes at once.

Pydantic runs a model's own validator only when all its fields are valid: a problem with a
negative capacity would report that alone, and its delivery to an unknown site only at the
next try. Here each part is validated on its own; the valid ones and stand-ins for the invalid
ones (their ids kept, so that references to them are not reported as unknown) go through the
same :func:`~optimizer.model.validation.reference_issues`, and only the issues about valid
parts are kept.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from optimizer.errors import InputIssue
from optimizer.model.sites import SiteKind


def reference_issues_despite_errors(document: dict[str, Any]) -> list[InputIssue]:
    """Cross-part issues of ``document`` that pydantic skipped because some part is invalid.

    Empty when the check cannot be made on what is valid (e.g. no list of sites at all).
    """
    from optimizer.model.problem import Problem
    from optimizer.model.validation import reference_issues

    values: dict[str, Any] = {}
    invalid: list[str] = []
    unjudged: set[str] = set()
    for name, field in Problem.model_fields.items():
        if name not in document:
            continue
        raw = document[name]
        item_type = _item_model(field.annotation)
        if item_type is not None and isinstance(raw, list):
            values[name] = [
                _part(item_type, item, f"{name}[{i}]", invalid, unjudged)
                for i, item in enumerate(raw)
            ]
            continue
        adapter: TypeAdapter[Any] = TypeAdapter(field.annotation or Any)
        try:
            values[name] = adapter.validate_python(raw)
        except ValidationError:
            invalid.append(name)
    if not isinstance(values.get("sites"), list):
        return []
    problem = Problem.model_construct(**values)
    try:
        issues = reference_issues(problem)
    except (AttributeError, TypeError, ValueError, KeyError):
        return []  # a stand-in lacked what a check reads: the field errors come alone
    return [
        issue
        for issue in issues
        if not _inside(issue.path, invalid)
        and not any(f"site '{site}' is a" in issue.message for site in unjudged)
    ]


def _item_model(annotation: Any) -> type[BaseModel] | None:
    """``Site`` for ``list[Site]``; None for anything else."""
    arguments: tuple[Any, ...] = getattr(annotation, "__args__", ())
    if getattr(annotation, "__origin__", None) is list and len(arguments) == 1:
        item = arguments[0]
        if isinstance(item, type) and issubclass(item, BaseModel):
            return item
    return None


def _part(
    model: type[BaseModel], raw: Any, path: str, invalid: list[str], unjudged: set[str]
) -> Any:
    """``raw`` validated as ``model``, or a stand-in carrying its ids when it is invalid.

    A stand-in keeps the plain values (ids, references); nested objects become attribute
    bags and nested lists are emptied, so that the checks read what they can. A site whose
    kind is itself invalid lands in ``unjudged``: what refers to it is not judged on its kind.
    """
    try:
        return model.model_validate(raw)
    except ValidationError:
        invalid.append(path)
    fields: dict[str, Any] = {}
    for name, value in raw.items() if isinstance(raw, dict) else ():
        if isinstance(value, dict):
            fields[name] = SimpleNamespace(**value)
        elif isinstance(value, list):
            fields[name] = [v for v in value if isinstance(v, str)]
        else:
            fields[name] = value
    if "kind" in fields:
        try:
            fields["kind"] = SiteKind(fields["kind"])
        except ValueError:
            fields["kind"] = SiteKind.DEPOT
            unjudged.add(str(fields.get("id")))
    defaults = {
        name: field.get_default(call_default_factory=True)
        for name, field in model.model_fields.items()
        if not field.is_required()
    }
    return model.model_construct(**{**defaults, **fields})


def _inside(path: str, invalid: list[str]) -> bool:
    return any(path == part or path.startswith((f"{part}.", f"{part}[")) for part in invalid)
