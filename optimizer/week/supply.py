"""What a donor's food is on each day: set aside, collectable, usable, or lost.

A donor sets food aside every weekday its supply lists (kg per lot kind, with a shelf life).
A collection on a date takes every batch set aside since the last collection that is still
*collectable* then:

- a DLC batch keeps at least ``settings.min_days_left_at_pickup`` days (the day rule), and
- it is still good on the food bank's next working day, when it can be handed on: food
  collected on a Friday of a five-day week waits in the warehouse until Monday, so a two-day
  DLC collected on Friday is lost. A DDM batch gets its category's grace days on top of its date.

A batch no collection of the week takes, and that no later working day could take either, is
food *expired before collection*; one still good after the week is carried over (not counted).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from optimizer.model import TemperatureClass
from optimizer.model.lots import Category, DateKind
from optimizer.week.model import DonorCollections, Weekday, WeekProblem

LOOKAHEAD_DAYS = 21
"""How far past a date to look for the next working day (three weeks covers any calendar)."""


@dataclass(frozen=True)
class Batch:
    """Food of one kind a donor set aside on one date."""

    donor: str
    kind: int
    """Position of its lot kind in the donor's ``supply``."""
    set_aside: dt.date
    kg: float
    expires: dt.date
    """Its date: the DLC or DDM written on it."""
    category: Category
    temperature: TemperatureClass
    date_kind: DateKind
    description: str

    @property
    def id(self) -> str:
        return f"{self.donor}-{self.kind + 1}-{self.set_aside.isoformat()}"


def batches(week: WeekProblem, donor: DonorCollections) -> list[Batch]:
    """The donor's food set aside over the seven days of the week, in date order."""
    found = []
    for offset in range(7):
        day = week.week_start + dt.timedelta(days=offset)
        weekday = Weekday.of(day)
        for kind, lot in enumerate(donor.supply):
            kg = lot.kg_by_day.get(weekday, 0.0)
            if kg <= 0:
                continue
            found.append(
                Batch(
                    donor=donor.site,
                    kind=kind,
                    set_aside=day,
                    kg=kg,
                    expires=day + dt.timedelta(days=lot.shelf_life_days),
                    category=lot.category,
                    temperature=TemperatureClass(lot.temperature),
                    date_kind=lot.date_kind,
                    description=lot.description,
                )
            )
    return found


def is_working(week: WeekProblem, day: dt.date) -> bool:
    """A day the food bank works: one of its weekdays, not a holiday of the planned week."""
    return Weekday.of(day) in week.days and day not in week.holidays


def next_working_day(week: WeekProblem, day: dt.date) -> dt.date:
    """The first working day after ``day`` (the week's pattern repeats after the week)."""
    for offset in range(1, LOOKAHEAD_DAYS):
        candidate = day + dt.timedelta(days=offset)
        if is_working(week, candidate):
            return candidate
    return day + dt.timedelta(days=LOOKAHEAD_DAYS)


def last_good_day(week: WeekProblem, batch: Batch) -> dt.date:
    """The last date the batch may still be eaten: its DLC, or its DDM plus the grace days."""
    if batch.date_kind is DateKind.DDM:
        grace = week.settings.ddm_grace_days.get(batch.category, 0)
        return batch.expires + dt.timedelta(days=grace)
    return batch.expires


def collectable(week: WeekProblem, batch: Batch, day: dt.date) -> bool:
    """Whether a collection on ``day`` takes the batch: set aside, within the day rule, and
    still good for partners from the food bank's next working day."""
    if day < batch.set_aside:
        return False
    left = (last_good_day(week, batch) - day).days
    if batch.date_kind is DateKind.DLC and left < week.settings.min_days_left_at_pickup:
        return False
    return left >= (next_working_day(week, day) - day).days


def collectable_after_week(week: WeekProblem, batch: Batch) -> bool:
    """Whether a working day after the planned week could still collect the batch."""
    day = week.week_start + dt.timedelta(days=7)
    while day <= batch.expires:
        if is_working(week, day) and collectable(week, batch, day):
            return True
        day += dt.timedelta(days=1)
    return False


@dataclass
class Collections:
    """What each collection of a donor takes, and what is lost or carried over."""

    taken: dict[dt.date, list[Batch]]
    expired: list[Batch]
    carried_over: list[Batch]


def collections(week: WeekProblem, donor: DonorCollections, dates: list[dt.date]) -> Collections:
    """Simulate the donor's collections on ``dates``: each takes what is collectable then."""
    pending = batches(week, donor)
    taken: dict[dt.date, list[Batch]] = {}
    for day in sorted(dates):
        taken[day] = [b for b in pending if collectable(week, b, day)]
        pending = [b for b in pending if b not in taken[day]]
    carried = [b for b in pending if collectable_after_week(week, b)]
    expired = [b for b in pending if b not in carried]
    return Collections(taken, expired, carried)
