"""Drivers' route sheets: a phone page, an A4 PDF, GPX and GeoJSON per route of a plan.

:mod:`sheet` gathers what a driver reads (one :class:`RouteSheet` per route); :mod:`html`,
:mod:`pdf`, :mod:`gpx`, :mod:`geojson` and :mod:`svg` each draw it in one format; :mod:`write`
puts the files of a whole plan in a folder.
"""

from optimizer.outputs.sheets.sheet import RouteSheet, route_sheet, route_sheets
from optimizer.outputs.sheets.write import FORMATS, SheetFiles, write_sheets

__all__ = ["FORMATS", "RouteSheet", "SheetFiles", "route_sheet", "route_sheets", "write_sheets"]
