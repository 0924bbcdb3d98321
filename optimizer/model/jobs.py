"""What to do: pickups at donors, deliveries to partners and direct shipments between them."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator

from optimizer.model.common import Identifier, Strict, TimeWindow, sorted_disjoint
from optimizer.model.lots import Lot

MAX_JOB_VALUE_EUR = 1e13
"""Above any prize a solver can add up without overflow (64-bit costs of 10⁻⁵ €)."""

JobValue = Annotated[
    float | None,
    Field(
        ge=0,
        le=MAX_JOB_VALUE_EUR,
        description="What serving this job is worth, €, in place of the value of its food "
        "(e.g. a priority read from another format); default: the food's value.",
    ),
]


class Job(Strict):
    """A stop to make: collect lots at a donor (pickup) or bring lots to a partner (delivery)."""

    id: Identifier
    site: Identifier
    lots: list[Lot] = Field(min_length=1)
    time_windows: list[TimeWindow] | None = Field(
        None, description="Overrides the site's windows for this job."
    )
    note: str = ""
    value_eur: JobValue = None

    @field_validator("time_windows")
    @classmethod
    def _windows_disjoint(cls, windows: list[TimeWindow] | None) -> list[TimeWindow] | None:
        return None if windows is None else sorted_disjoint(windows)


class Pickup(Job):
    """Donated food to collect. Optional by default: it carries a prize, the food's value."""

    required: bool = False


class Delivery(Job):
    """Food loaded at the depot for a partner. Required by default."""

    required: bool = True


class ShipmentStop(Strict):
    """One end of a shipment: where, and when service may start there."""

    site: Identifier
    time_windows: list[TimeWindow] | None = Field(
        None, description="Overrides the site's windows for this stop."
    )

    @field_validator("time_windows")
    @classmethod
    def _windows_disjoint(cls, windows: list[TimeWindow] | None) -> list[TimeWindow] | None:
        return None if windows is None else sorted_disjoint(windows)


class Shipment(Strict):
    """Food carried straight from one site to another in the same trip, without the depot.

    A donor's surplus taken directly to a nearby partner; also how paired pickup-and-delivery
    benchmark instances (Li & Lim) are read. The pickup comes before the delivery, in one trip.
    """

    id: Identifier
    pickup: ShipmentStop
    delivery: ShipmentStop
    lots: list[Lot] = Field(min_length=1)
    required: bool = False
    note: str = ""
    value_eur: JobValue = None
