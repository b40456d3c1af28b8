"""Solves Solomon / Gehring-Homberger VRPTW files with PyVRP and prints the routes.

One line per instance: `NAME<TAB>1 5 3;2 4;...` (customer numbers as in the file, routes
separated by `;`). The routes are checked and scored by `relais-bench vrptw --routes`, with exact
Euclidean distances, exactly as Relais' own answers are.

Conventions (as agreed for integer solvers): distances x1000 rounded, travel times x1000
rounded up, times and service durations x1000, a fixed cost per vehicle large enough to
make the objective hierarchical (fewest vehicles first, then distance).
"""

import math
import sys

from pyvrp import Model
from pyvrp.stop import MaxRuntime

SCALE = 1000
VEHICLE_COST = 100_000 * SCALE


def read(path):
    with open(path) as handle:
        lines = [line.split() for line in handle if line.strip()]
    name = lines[0][0]
    vehicles = capacity = None
    customers = []
    for fields in lines[1:]:
        if not fields[0].lstrip("-").replace(".", "", 1).isdigit():
            continue
        if len(fields) == 2 and vehicles is None:
            vehicles, capacity = int(fields[0]), int(fields[1])
        elif len(fields) == 7:
            customers.append([float(value) for value in fields])
    return name, vehicles, capacity, customers


def solve(path, seconds, seed):
    name, vehicles, capacity, customers = read(path)
    model = Model()
    locations = [model.add_location(x=c[1], y=c[2]) for c in customers]
    depot = model.add_depot(
        locations[0], tw_early=round(customers[0][4] * SCALE), tw_late=round(customers[0][5] * SCALE)
    )
    model.add_vehicle_type(
        num_available=vehicles,
        capacity=capacity,
        start_depot=depot,
        end_depot=depot,
        fixed_cost=VEHICLE_COST,
        tw_early=round(customers[0][4] * SCALE),
        tw_late=round(customers[0][5] * SCALE),
    )
    for index, c in enumerate(customers[1:], start=1):
        model.add_client(
            locations[index],
            delivery=int(c[3]),
            service_duration=round(c[6] * SCALE),
            tw_early=round(c[4] * SCALE),
            tw_late=round(c[5] * SCALE),
        )
    for a, ca in enumerate(customers):
        for b, cb in enumerate(customers):
            if a != b:
                exact = math.hypot(ca[1] - cb[1], ca[2] - cb[2]) * SCALE
                model.add_edge(locations[a], locations[b], distance=round(exact), duration=math.ceil(exact))
    result = model.solve(stop=MaxRuntime(seconds), seed=seed, display=False)
    routes = [
        " ".join(str(a.idx + 1) for a in route if a.is_client()) for route in result.best.routes()
    ]
    return name, result.best.is_feasible(), routes


def main():
    seconds, seed, paths = float(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
    for path in paths:
        name, feasible, routes = solve(path, seconds, seed)
        flag = "" if feasible else "\t(pyvrp says infeasible)"
        print(f"{name}\t{';'.join(routes)}{flag}", flush=True)


if __name__ == "__main__":
    main()
