"""Travel on real roads: Valhalla tiles built from an OpenStreetMap extract, in process.

``tiles`` builds them, ``network`` holds one actor per thread, ``profiles`` says how each
vehicle drives, ``travel`` gives the matrices (cached by ``cache``), ``snapping`` tells where
sites meet the roads and ``shapes`` draws legs along them.
"""

from optimizer.roads.network import RoadNetwork
from optimizer.roads.profiles import AUTO, RoadProfile, most_restrictive, profile_for
from optimizer.roads.shapes import leg_shapes
from optimizer.roads.snapping import Snap, snap_sites
from optimizer.roads.tiles import BuildReport, TilesError, build_tiles
from optimizer.roads.travel import RoadTravel

__all__ = [
    "AUTO",
    "BuildReport",
    "RoadNetwork",
    "RoadProfile",
    "RoadTravel",
    "Snap",
    "TilesError",
    "build_tiles",
    "leg_shapes",
    "most_restrictive",
    "profile_for",
    "snap_sites",
]
