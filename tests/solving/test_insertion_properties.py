"""The repairs' shortcuts never change a verdict (hypothesis, random small days).

- :func:`route_verdict` (no stop records) agrees with :func:`evaluate_route` on feasibility,
  cost and violation codes, for any sequence;
- :func:`time_bounds` brackets the checker's schedule: no stop leaves before its earliest
  departure, and on a feasible route no service starts after its latest start;
- :func:`best_insertion` with its time pruning finds the same insertion cost as evaluating every
  position.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from optimizer.check import evaluate_route, route_verdict, time_bounds
from optimizer.context import Context
from optimizer.solving.insertion import best_insertion
from tests.check.test_check_properties import FAST, days, solutions


@FAST
@given(st.data())
def test_the_verdict_without_stops_is_the_checkers(data: st.DataObject) -> None:
    problem = data.draw(days())
    ctx = Context(problem)
    for sequence in data.draw(solutions(problem)):
        evaluation = evaluate_route(ctx, sequence)
        verdict = route_verdict(ctx, sequence)
        assert verdict.feasible == (not evaluation.violations)
        assert verdict.codes == {v.code for v in evaluation.violations}
        cost = evaluation.fixed_eur + evaluation.distance_eur + evaluation.time_eur
        assert verdict.cost_eur == pytest.approx(cost, abs=1e-9)


@FAST
@given(st.data())
def test_time_bounds_bracket_the_schedule(data: st.DataObject) -> None:
    problem = data.draw(days(roomy=data.draw(st.booleans())))
    ctx = Context(problem)
    for sequence in data.draw(solutions(problem)):
        if not sequence.jobs:
            continue
        evaluation = evaluate_route(ctx, sequence)
        stops = evaluation.route.stops
        sites, leaves, latest = time_bounds(ctx, sequence)
        assert sites == [stop.site for stop in stops]
        for stop, leave in zip(stops[:-1], leaves[:-1], strict=True):
            assert stop.departure >= leave
        if not evaluation.violations:
            for stop, bound in zip(stops[:-1], latest[:-1], strict=True):
                assert stop.service_start <= bound
            assert stops[-1].arrival <= latest[-1]


@FAST
@given(st.data())
def test_pruned_insertion_costs_what_the_exhaustive_one_costs(data: st.DataObject) -> None:
    problem = data.draw(days(roomy=data.draw(st.booleans())))
    ctx = Context(problem)
    sequences = [s for s in data.draw(solutions(problem)) if s.jobs]
    served = {job for s in sequences for job in s.jobs}
    for job in problem.jobs:
        if job.id in served:
            continue
        pruned = best_insertion(ctx, sequences, job.id)
        exhaustive = best_insertion(ctx, sequences, job.id, prune=False)
        if exhaustive is None:
            assert pruned is None
            continue
        assert pruned is not None
        assert pruned.extra_cost_eur == pytest.approx(exhaustive.extra_cost_eur, abs=1e-9)
        (trial,) = [s for s in pruned.apply(sequences, job.id) if s.vehicle == pruned.vehicle]
        assert route_verdict(ctx, trial).feasible
