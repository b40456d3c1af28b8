//! One route with the schedule data that make an insertion check O(1): earliest start at each
//! stop (forward) and latest start that keeps the rest feasible (backward).

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
}

impl Route {
    pub fn new(instance: &Instance, stops: Vec<usize>) -> Self {
        let mut route = Self { stops, ..Self::default() };
        route.update(instance);
        route
    }

    fn node_at(&self, position: usize) -> usize {
        if position == 0 || position > self.stops.len() { 0 } else { self.stops[position - 1] }
    }

    /// Recomputes load, distance and the schedule after a change.
    pub fn update(&mut self, instance: &Instance) {
        let count = self.stops.len() + 2;
        self.start.clear();
        self.latest.clear();
        self.start.resize(count, 0.0);
        self.latest.resize(count, 0.0);
        self.load = self.stops.iter().map(|c| instance.nodes[*c].demand).sum();
        self.distance = 0.0;
        self.start[0] = instance.nodes[0].ready;
        for position in 1..count {
            let (previous, current) = (self.node_at(position - 1), self.node_at(position));
            let leg = instance.distance(previous, current);
            self.distance += leg;
            let arrival = self.start[position - 1] + instance.nodes[previous].service + leg;
            self.start[position] = arrival.max(instance.nodes[current].ready);
        }
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

    /// The added distance of inserting `customer` before position `index` of `stops`, if feasible.
    pub fn insertion_cost(
        &self,
        instance: &Instance,
        customer: usize,
        index: usize,
    ) -> Option<f64> {
        if self.load + instance.nodes[customer].demand > instance.capacity + 1e-9 {
            return None;
        }
        let (before, after) = (self.node_at(index), self.node_at(index + 1));
        let node = &instance.nodes[customer];
        let arrival = self.start[index]
            + instance.nodes[before].service
            + instance.distance(before, customer);
        let start = arrival.max(node.ready);
        if start > node.due + 1e-9 {
            return None;
        }
        let next_start = (start + node.service + instance.distance(customer, after))
            .max(instance.nodes[after].ready);
        if next_start > self.latest[index + 1] + 1e-9 {
            return None;
        }
        Some(
            instance.distance(before, customer) + instance.distance(customer, after)
                - instance.distance(before, after),
        )
    }
}
