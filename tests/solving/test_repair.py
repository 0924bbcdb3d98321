"""Whatever a search returns, the repairs leave routes the checker accepts.

On the tiny day (tests/conftest.py): V1 going D → A (D1, 10:00-12:00) → S (P1, closes 08:00)
reaches S at 10:30, too late; taking P1 out leaves the feasible D → A → D. On random days, any
sequence at all (a search cut short anywhere) comes out of the repairs with every route
feasible, each job served once, nothing served that was not there or required.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from optimizer.check import Code, evaluate, evaluate_route
from optimizer.context import Context
from optimizer.plan import RouteSequence
from optimizer.solving.insertion import insert_profitable, insert_required
from optimizer.solving.repair import drop_violations, without_job
from tests.check.test_check_properties import FAST, days, solutions

Build = Callable[[dict[str, Any]], Context]


def test_a_stop_past_its_window_is_taken_out(tiny_ctx: Context) -> None:
    late = RouteSequence("V1", (("D1", "P1"),))
    assert Code.TIME_WINDOW in {v.code for v in evaluate_route(tiny_ctx, late).violations}
    (repaired,) = drop_violations(tiny_ctx, [late])
    assert repaired == RouteSequence("V1", (("D1",),))
    assert not evaluate_route(tiny_ctx, repaired).violations


def test_a_job_listed_twice_in_a_route_or_unknown_is_taken_out(tiny_ctx: Context) -> None:
    twice = [RouteSequence("V1", (("D1", "D1"),)), RouteSequence("V1", (("nowhere",),))]
    assert drop_violations(tiny_ctx, twice) == []


def test_without_job_removes_both_ends_and_empty_trips() -> None:
    sequence = RouteSequence("V", (("S1", "A", "S1"), ("B",)))
    assert without_job(sequence, "S1") == RouteSequence("V", (("A",), ("B",)))
    assert without_job(sequence, "B") == RouteSequence("V", (("S1", "A", "S1"),))


@FAST
@given(st.data())
def test_any_search_result_is_repaired_to_feasible_routes(data: st.DataObject) -> None:
    problem = data.draw(days(roomy=data.draw(st.booleans())))
    ctx = Context(problem)
    sequences = data.draw(solutions(problem))
    repaired = insert_profitable(ctx, insert_required(ctx, sequences))
    evaluation = evaluate(ctx, repaired)
    route_codes = {v.code for v in evaluation.violations}
    # Only a required job that fits nowhere may remain, reported as unserved.
    assert route_codes <= {Code.REQUIRED_JOB_UNSERVED}
    before = {job for s in sequences for job in s.jobs}
    required = {job.id for job in problem.jobs if job.required}
    optional = {job.id for job in problem.jobs if not job.required}
    after = [job for s in repaired for job in s.jobs]
    assert len(after) == len(set(after))
    # A job served now was in the search's answer, is required, or pays for its detour.
    assert set(after) <= before | required | optional
