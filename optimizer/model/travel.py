"""How travel between sites is measured: straight lines at a speed, matrices in the input, or
the road network of a tiles folder."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from optimizer.errors import ProblemError
from optimizer.model.common import Identifier, Strict

#: A matrix entry, metres or seconds: up to 10,000 km or 115 days, finite (benchmark instances
#: in scaled units reach 10^6).
MatrixEntry = Annotated[float, Field(ge=0, le=10_000_000)]


class HaversineTravel(Strict):
    """Great-circle distance × a detour factor, at a constant speed: no external service."""

    kind: Literal["haversine"] = "haversine"
    speed_kmh: float = Field(35.0, gt=0, le=130)
    detour_factor: float = Field(1.3, ge=1.0, le=3.0)


class ExplicitTravel(Strict):
    """Distances and durations given in the input, rows and columns in ``site_ids`` order."""

    kind: Literal["explicit"] = "explicit"
    site_ids: list[Identifier]
    distance_m: list[list[MatrixEntry]]
    duration_s: list[list[MatrixEntry]]

    @model_validator(mode="after")
    def _square(self) -> ExplicitTravel:
        size = len(self.site_ids)
        for name in ("distance_m", "duration_s"):
            rows = getattr(self, name)
            if len(rows) != size or any(len(row) != size for row in rows):
                raise ProblemError.single(
                    name, f"'{name}' must be a {size}×{size} matrix (one row per site id)"
                )
        return self


class RoadTravel(Strict):
    """Distances and durations on a road network: the tiles folder of ``foodroute roads build``
    (Valhalla in process), or a Valhalla HTTP service that the organisation runs.

    Trucks drive with their weight and height, vans as cars; see :mod:`optimizer.roads`.
    """

    kind: Literal["road"] = "road"
    tiles: str | None = Field(None, min_length=1, description="Folder of the routing tiles.")
    url: str | None = Field(
        None,
        min_length=8,
        max_length=2000,
        pattern=r"^https?://[^\s/?#]+(/[^\s?#]*)?$",
        description="A Valhalla service, e.g. http://localhost:8002 (instead of tiles).",
    )

    @model_validator(mode="after")
    def _one_source(self) -> RoadTravel:
        if (self.tiles is None) == (self.url is None):
            raise ProblemError.single(
                "travel", "road travel needs exactly one of 'tiles' (a folder) or 'url'"
            )
        return self

    @classmethod
    def of(cls, where: str) -> RoadTravel:
        """``--roads`` as typed: an http(s) address is a service, anything else a folder."""
        from pydantic import ValidationError

        from optimizer.messages import message

        try:
            if where.startswith(("http://", "https://")):
                return cls(url=where)
            return cls(tiles=where)
        except ValidationError:
            raise ProblemError.single(
                "--roads", message("roads.bad_address", "fr", where=where)
            ) from None


Travel = Annotated[HaversineTravel | ExplicitTravel | RoadTravel, Field(discriminator="kind")]
