//! One route with the schedule data that make a move's check O(1): earliest start at each stop
//! (forward), latest start that keeps the rest feasible (backward), and the load and distance up
//! to each stop, so that inserting, removing, replacing a stop or joining one route's head to
//! another's tail is checked and priced without walking the route.

use crate::instance::Instance;

#[derive(Debug, Clone, Default)]
pub struct Route {
    pub stops: Vec<usize>,
    pub load: f64,
    pub distance: f64,
    /// Earliest start of service at each position of `[depot] + stops + [depot]`.
    start: Vec<f64>,
    /// Latest start of service at each position that keeps the rest of the route feasible.
    latest: Vec<f64>,
    /// Load of the stops up to each position (included).
    load_to: Vec<f64>,
    /// Distance travelled from the depot to each position.
    distance_to: Vec<f64>,
}

impl Route {
    pub fn new(instance: &Instance, stops: Vec<usize>) -> Self {
        let mut route = Self { stops, ..Self::default() };
        route.update(instance);
        route
    }

    /// The node at a position of `[depot] + stops + [depot]`.
    pub fn node_at(&self, position: usize) -> usize {
        if position == 0 || position > self.stops.len() { 0 } else { self.stops[position - 1] }
    }

    /// Recomputes load, distance and the schedule after a change.
    pub fn update(&mut self, instance: &Instance) {
        let count = self.stops.len() + 2;
        for column in [&mut self.start, &mut self.latest, &mut self.load_to, &mut self.distance_to]
        {
            column.clear();
            column.resize(count, 0.0);
        }
        self.start[0] = instance.nodes[0].ready;
        for position in 1..count {
            let (previous, current) = (self.node_at(position - 1), self.node_at(position));
            let leg = instance.distance(previous, current);
            self.distance_to[position] = self.distance_to[position - 1] + leg;
            self.load_to[position] = self.load_to[position - 1] + instance.nodes[current].demand;
            let arrival = self.start[position - 1] + instance.nodes[previous].service + leg;
            self.start[position] = arrival.max(instance.nodes[current].ready);
        }
        self.load = self.load_to[count - 1];
        self.distance = self.distance_to[count - 1];
        self.latest[count - 1] = instance.nodes[0].due;
        for position in (0..count - 1).rev() {
            let (current, next) = (self.node_at(position), self.node_at(position + 1));
            let by_next = self.latest[position + 1]
                - instance.distance(current, next)
                - instance.nodes[current].service;
            self.latest[position] = by_next.min(instance.nodes[current].due);
        }
    }

    /// Whether the schedule respects every window and the capacity.
    pub fn is_feasible(&self, instance: &Instance) -> bool {
        self.load <= instance.capacity + 1e-9
            && (0..self.start.len())
                .all(|p| self.start[p] <= instance.nodes[self.node_at(p)].due + 1e-9)
    }

    /// The added distance of inserting `customer` before stop `index` (feasible or not: price
    /// first, check only what could improve).
    pub fn insertion_delta(&self, instance: &Instance, customer: usize, index: usize) -> f64 {
        let (before, after) = (self.node_at(index), self.node_at(index + 1));
        instance.distance(before, customer) + instance.distance(customer, after)
            - instance.distance(before, after)
    }

    /// Whether inserting `customer` before stop `index` keeps the capacity and every window.
    pub fn insertion_fits(&self, instance: &Instance, customer: usize, index: usize) -> bool {
        if self.load + instance.nodes[customer].demand > instance.capacity + 1e-9 {
            return false;
        }
        self.fits_between(instance, index, customer, index + 1)
    }

    /// Whether `customer`, visited right after position `before` and right before position
    /// `after` (the stops between them left out), starts in its window and leaves the rest of the
    /// route from `after` on in time.
    fn fits_between(
        &self,
        instance: &Instance,
        before: usize,
        customer: usize,
        after: usize,
    ) -> bool {
        let (from, to) = (self.node_at(before), self.node_at(after));
        let node = &instance.nodes[customer];
        let arrival =
            self.start[before] + instance.nodes[from].service + instance.distance(from, customer);
        let start = arrival.max(node.ready);
        start <= node.due + 1e-9
            && (start + node.service + instance.distance(customer, to))
                .max(instance.nodes[to].ready)
                <= self.latest[after] + 1e-9
    }

    /// The stop indexes before which `customer` could be inserted as far as times and load go:
    /// the place before it must start by the customer's due time, and the place after it must
    /// allow a start after the customer's ready time and service. `None` when the load is full.
    pub fn window_room(
        &self,
        instance: &Instance,
        customer: usize,
    ) -> Option<std::ops::RangeInclusive<usize>> {
        let node = &instance.nodes[customer];
        if self.load + node.demand > instance.capacity + 1e-9 {
            return None;
        }
        let stops = self.stops.len();
        // Index i puts the customer between positions i and i + 1.
        let last = self.start[..=stops].partition_point(|s| *s <= node.due + 1e-9);
        let first = self.latest[1..].partition_point(|l| *l + 1e-9 < node.ready + node.service);
        (last > first).then(|| first..=last - 1)
    }

    /// Whether the node at `from` can be followed directly by the node at `to` of `next` (another
    /// route or this one): leaving `from` at its earliest, is `to` reached in time for the rest
    /// of `next` from `to` on?
    pub fn reaches(&self, instance: &Instance, from: usize, next: &Route, to: usize) -> bool {
        let (a, b) = (self.node_at(from), next.node_at(to));
        let arrival = self.start[from] + instance.nodes[a].service + instance.distance(a, b);
        arrival.max(instance.nodes[b].ready) <= next.latest[to] + 1e-9
    }

    /// Whether `customer` can take the place of the stop at `position`: the stops before stay,
    /// the customer is reached in its window, and the rest after is still reached in time.
    pub fn replacement_fits(&self, instance: &Instance, position: usize, customer: usize) -> bool {
        let load = self.load - instance.nodes[self.node_at(position)].demand
            + instance.nodes[customer].demand;
        load <= instance.capacity + 1e-9
            && self.fits_between(instance, position - 1, customer, position + 1)
    }

    /// Load of the stops up to `position` (included).
    pub fn load_to(&self, position: usize) -> f64 {
        self.load_to[position]
    }

    /// Distance from the depot to `position`.
    pub fn distance_to(&self, position: usize) -> f64 {
        self.distance_to[position]
    }
}
