"""The independent checker: the single source of truth on feasibility and cost.

Given a problem and the ordered stops of each vehicle, it recomputes everything from scratch:
travel, arrival, waiting, service start and departure at every stop; the load per temperature
class after every stop; windows, shifts, maximum duration, reloads, compartments, payload,
skills, DLC and coverage; and the objective in euros. It never trusts a solver's numbers: plans
are *built* from its evaluation, and a plan read from a file is re-evaluated and compared.

Conventions (the backends model exactly these):
- a route starts at the vehicle's depot no earlier than its shift start and the depot's opening;
  loading at the depot (the depot's ``service_min``) happens at the start of every trip;
- service starts inside one of the stop's windows; arriving early means waiting;
- the route ends on arrival at the end depot, by the shift end and the depot's closing;
- departure is as late as possible without making any stop later (minimal duration);
- loads: a trip leaves with all its deliveries on board and brings all its pickups back;
- a vehicle re-planned during the day (``Vehicle.start_site`` away from its depot) starts there
  at its shift start with no loading: its first trip carries ``initial_load_kg`` (food already
  picked up, unloaded at the next depot visit) and only the deliveries ``on_board`` it; goods on
  board one vehicle are delivered by that vehicle before it next reaches the depot;
- a shipment's id appears twice in one trip: first its pickup, then its delivery; its kg are on
  board between the two and never pass through the depot;
- driver breaks (``Vehicle.breaks``, in the order of their windows): between the end of one
  service and the start of the next the driver drives, may wait, and may take breaks. A break
  starts as soon as the previous service is over and its window has opened — at that stop, on
  the road, or while waiting at the next stop — and never after its latest start; it delays the
  next service by its duration unless waiting absorbs it, so it lengthens the route. No break is
  taken before the route's first loading; a break whose window is still open when the driver is
  back at the end depot is taken there, after the route (not counted in its duration). The
  checker places each break on the leg that gives the earliest schedule
  (:mod:`optimizer.check.breaks`) and reports ``break`` when a break fits nowhere.

Modules: :mod:`~optimizer.check.violations` (codes), :mod:`~optimizer.check.visits` (a route as
visits), :mod:`~optimizer.check.loads`, :mod:`~optimizer.check.shipments`,
:mod:`~optimizer.check.schedule` and :mod:`~optimizer.check.breaks` (the parts of a route's
evaluation), :mod:`~optimizer.check.route` (one route), :mod:`~optimizer.check.evaluation` (a
solution, and the ranking of candidates) and :mod:`~optimizer.check.compare` (a plan read from a
file). The compiled problem they read is :class:`optimizer.context.Context`.
"""

from optimizer.check.compare import CheckReport, check_plan
from optimizer.check.evaluation import Evaluation, evaluate, rank
from optimizer.check.route import RouteEvaluation, RouteVerdict, evaluate_route, route_verdict
from optimizer.check.schedule import time_bounds
from optimizer.check.violations import EUR_TOLERANCE, KG_TOLERANCE, Code, Violation

__all__ = [
    "EUR_TOLERANCE",
    "KG_TOLERANCE",
    "CheckReport",
    "Code",
    "Evaluation",
    "RouteEvaluation",
    "RouteVerdict",
    "Violation",
    "check_plan",
    "evaluate",
    "evaluate_route",
    "rank",
    "route_verdict",
    "time_bounds",
]
