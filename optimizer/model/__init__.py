"""The domain: sites, vehicles, lots of food, pickups, deliveries and settings of one planning day.

This is the public input contract (``schema_version`` 1.0). Everything a solver needs is here and
validated at the door, so that nothing downstream has to second-guess it: ids are unique,
references point at a site of the right kind, windows are ordered, frozen food is frozen.

One module per part: :mod:`~optimizer.model.common` (strict base, kilograms per class, time
windows), :mod:`~optimizer.model.sites`, :mod:`~optimizer.model.fleet` (vehicles, breaks),
:mod:`~optimizer.model.lots`, :mod:`~optimizer.model.jobs`, :mod:`~optimizer.model.settings`,
:mod:`~optimizer.model.travel`, :mod:`~optimizer.model.problem` and the checks across parts in
:mod:`~optimizer.model.validation`; what food is worth and when it expires is in
:mod:`~optimizer.model.food`. Import the names from here.
"""

from optimizer.model.common import (
    TEMPERATURE_CLASSES,
    ClassKg,
    CompartmentKind,
    Identifier,
    NonNegative,
    Strict,
    TemperatureClass,
    TimeWindow,
)
from optimizer.model.fleet import Break, Vehicle
from optimizer.model.jobs import Delivery, Job, Pickup, Shipment, ShipmentStop
from optimizer.model.lots import Category, DateKind, Lot
from optimizer.model.problem import SCHEMA_VERSION, Problem
from optimizer.model.settings import Settings, UrgencyStep
from optimizer.model.sites import Contact, Receiving, Site, SiteGeocode, SiteKind
from optimizer.model.travel import ExplicitTravel, HaversineTravel, RoadTravel, Travel

__all__ = [
    "SCHEMA_VERSION",
    "TEMPERATURE_CLASSES",
    "Break",
    "Category",
    "ClassKg",
    "CompartmentKind",
    "Contact",
    "DateKind",
    "Delivery",
    "ExplicitTravel",
    "HaversineTravel",
    "Identifier",
    "Job",
    "Lot",
    "NonNegative",
    "Pickup",
    "Problem",
    "Receiving",
    "RoadTravel",
    "Settings",
    "Shipment",
    "ShipmentStop",
    "Site",
    "SiteGeocode",
    "SiteKind",
    "Strict",
    "TemperatureClass",
    "TimeWindow",
    "Travel",
    "UrgencyStep",
    "Vehicle",
]
