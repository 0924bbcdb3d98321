"""Where a driver's breaks fall on a route: the earliest schedule of stops and breaks together.

The checker (:mod:`optimizer.check`) calls this for vehicles with breaks; the convention it
implements is the one written there. In short: a route is a chain of visits; between the end of
one service and the start of the next, the driver drives, may wait for a window to open and may
take breaks. A break starts as soon as both the previous service is over and its window is open
(at that stop, on the road, or while waiting at the next stop), never after its latest start,
and it delays the next service by its duration unless waiting absorbs it. Breaks are taken in
the order of their windows; a break whose window is still open when the driver is back at the
depot is taken there, after the route. Which leg each break goes on is chosen exactly, by
dynamic programming over (visit, breaks taken so far) keeping the earliest departure: arriving
earlier is never worse, so the earliest schedule is the one a feasible plan admits if any does.
"""

from __future__ import annotations

from dataclasses import dataclass

OPEN_END = 10**9
"""Close of a window that never closes, seconds."""


@dataclass(frozen=True)
class Visit:
    """One visit of the route as the schedule sees it."""

    travel_s: int
    """Driving time from the previous visit (0 for the first)."""
    windows: list[tuple[int, int]]
    """Windows in which service may start, sorted; the first visit's is the start depot's hours."""
    service_s: int


@dataclass(frozen=True)
class BreakRule:
    """One break to place: it starts in ``[earliest, latest]`` and lasts ``duration_s``."""

    id: str
    earliest: int
    latest: int
    duration_s: int


@dataclass(frozen=True)
class TakenBreak:
    id: str
    start: int
    end: int
    after_visit: int
    """Index of the last visit whose service is over when the break starts."""


@dataclass(frozen=True)
class VisitTimes:
    arrival: int
    start: int
    departure: int
    slack: int
    """Seconds the service could still start later within its window (0 when late)."""


@dataclass(frozen=True)
class BreakSchedule:
    times: list[VisitTimes]
    taken: list[TakenBreak]
    missed: list[BreakRule]
    """Breaks that fit nowhere: before their latest start the driver is never free."""
    late: int
    """Visits whose service starts after every one of their windows."""

    @property
    def end(self) -> int:
        return self.times[-1].arrival

    @property
    def violations(self) -> int:
        return self.late + len(self.missed)


def _chain(ready: int, rules: list[BreakRule]) -> list[tuple[int, int]] | None:
    """Take ``rules`` back to back from ``ready``, each as early as it may; None if one can't."""
    spans = []
    now = ready
    for rule in rules:
        start = max(now, rule.earliest)
        if start > rule.latest:
            return None
        spans.append((start, start + rule.duration_s))
        now = start + rule.duration_s
    return spans


def can_take_all(ready: int, rules: list[BreakRule]) -> bool:
    """Whether a driver free from ``ready`` on can take every break, one after the other.

    When not, no route of that vehicle can be feasible: every route starts by loading.
    """
    return _chain(ready, rules) is not None


def _service_start(ready: int, windows: list[tuple[int, int]]) -> tuple[int, int, bool]:
    """(service start, slack, late) for a driver ready at ``ready``: the earliest open window."""
    for early, late in windows:
        if late >= ready:
            start = max(ready, early)
            return start, late - start, False
    return ready, 0, True


@dataclass(frozen=True)
class _State:
    late: int
    departure: int
    previous: int
    """Breaks taken when leaving the previous visit (index into the previous column)."""
    spans: tuple[tuple[int, int], ...]
    """Breaks taken on the leg into this visit."""
    times: VisitTimes


def schedule(departure: int, visits: list[Visit], rules: list[BreakRule]) -> BreakSchedule:
    """The earliest schedule of ``visits`` leaving at ``departure``, with ``rules`` placed.

    ``visits[0]`` is the start depot, ``visits[-1]`` the end depot (no service there). Among
    schedules, the one with the fewest late visits wins, then the earliest departure.
    """
    count = len(rules)
    first = visits[0]
    start, slack, late = _service_start(departure, first.windows)
    columns: list[list[_State | None]] = [
        [
            _State(
                int(late),
                start + first.service_s,
                -1,
                (),
                VisitTimes(departure, start, start + first.service_s, slack),
            )
        ]
        + [None] * count
    ]
    for visit in visits[1:]:
        column: list[_State | None] = [None] * (count + 1)
        for taken, state in enumerate(columns[-1]):
            if state is None:
                continue
            leave = state.departure
            for extra in range(count - taken + 1):
                spans = _chain(leave, rules[taken : taken + extra])
                if spans is None:
                    break
                paused = sum(end - begin for begin, end in spans)
                ready = max(leave + visit.travel_s + paused, spans[-1][1] if spans else 0)
                arrival = leave + visit.travel_s
                for begin, end in spans:
                    if begin < arrival:
                        arrival += end - begin
                start, slack, is_late = _service_start(ready, visit.windows)
                candidate = _State(
                    state.late + int(is_late),
                    start + visit.service_s,
                    taken,
                    tuple(spans),
                    VisitTimes(arrival, start, start + visit.service_s, slack),
                )
                current = column[taken + extra]
                if current is None or (candidate.late, candidate.departure) < (
                    current.late,
                    current.departure,
                ):
                    column[taken + extra] = candidate
        columns.append(column)
    return _best(columns, rules)


def _best(columns: list[list[_State | None]], rules: list[BreakRule]) -> BreakSchedule:
    """Pick the final state (breaks left for after the return) and walk back to the start."""
    best: tuple[tuple[int, int, int], int, list[tuple[int, int]] | None] | None = None
    for taken, state in enumerate(columns[-1]):
        if state is None:
            continue
        # The end depot has no service: its "departure" is the arrival back.
        after = _chain(state.times.arrival, rules[taken:])
        unplaced = len(rules) - taken if after is None else 0
        key = (state.late + unplaced, state.times.arrival, taken)
        if best is None or key < best[0]:
            best = (key, taken, after)
    assert best is not None, "the route without breaks is always a candidate"
    _, taken, after = best
    times: list[VisitTimes] = []
    placed: list[TakenBreak] = []
    index = taken
    for position in range(len(columns) - 1, -1, -1):
        state = columns[position][index]
        assert state is not None
        times.append(state.times)
        for offset, (begin, end) in enumerate(state.spans):
            number = state.previous + offset
            placed.append(TakenBreak(rules[number].id, begin, end, position - 1))
        index = state.previous
    times.reverse()
    placed.sort(key=lambda b: b.start)
    last = len(columns) - 1
    if after is not None:
        placed += [
            TakenBreak(rule.id, begin, end, last)
            for rule, (begin, end) in zip(rules[taken:], after, strict=True)
        ]
        missed: list[BreakRule] = []
    else:
        missed = rules[taken:]
    final = columns[-1][taken]
    assert final is not None
    return BreakSchedule(times, placed, missed, final.late)


def latest_departure(earliest: int, visits: list[Visit], rules: list[BreakRule]) -> int:
    """The latest departure that brings the driver back no later, with no more violations.

    Leaving later shortens the route (its duration counts from the departure) as long as
    waiting absorbs the delay. Every time of the schedule grows with the departure, so the
    departures that keep the return time form an interval starting at ``earliest``: its end is
    found by bisection.
    """
    reference = schedule(earliest, visits, rules)
    last = len(visits) - 1
    busy = sum(v.travel_s + v.service_s for v in visits[:last]) + visits[last].travel_s
    busy += sum(b.end - b.start for b in reference.taken if b.after_visit < last)
    # Leaving later by more than the route's idle time would bring the driver back later.
    low, high = earliest, earliest + max(reference.end - earliest - busy, 0)
    if low == high:
        return low
    trial = schedule(high, visits, rules)
    if trial.end <= reference.end and trial.violations <= reference.violations:
        return high
    high -= 1
    while low < high:
        middle = (low + high + 1) // 2
        trial = schedule(middle, visits, rules)
        if trial.end <= reference.end and trial.violations <= reference.violations:
            low = middle
        else:
            high = middle - 1
    return low
