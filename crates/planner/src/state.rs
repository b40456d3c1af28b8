//! A plan being searched: its routes, the customers left out, and where each customer stands.
//! Routes are shared between copies of a plan until one of them changes (copy on write), so the
//! search copies a plan each iteration for the price of one pointer per route, not every stop.

use std::rc::Rc;

use crate::instance::Instance;
use crate::route::Route;

pub(crate) const VEHICLE_WEIGHT: f64 = 1e6;
pub(crate) const UNASSIGNED_WEIGHT: f64 = 1e9;

/// Where a customer is: its route and its index in that route's stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Place {
    pub route: usize,
    pub index: usize,
}

#[derive(Clone)]
pub(crate) struct State {
    pub routes: Vec<Rc<Route>>,
    pub unassigned: Vec<usize>,
    places: Vec<Option<Place>>,
}

impl State {
    pub fn empty(instance: &Instance) -> Self {
        Self { routes: Vec::new(), unassigned: Vec::new(), places: vec![None; instance.len()] }
    }

    pub fn cost(&self) -> f64 {
        UNASSIGNED_WEIGHT * self.unassigned.len() as f64
            + VEHICLE_WEIGHT * self.routes.len() as f64
            + self.distance()
    }

    pub fn distance(&self) -> f64 {
        self.routes.iter().map(|r| r.distance).sum()
    }

    pub fn place(&self, customer: usize) -> Option<Place> {
        self.places[customer]
    }

    fn index_route(&mut self, route: usize) {
        let places = &mut self.places;
        for (index, &customer) in self.routes[route].stops.iter().enumerate() {
            places[customer] = Some(Place { route, index });
        }
    }

    /// Gives a route new stops (its schedule recomputed); an empty route stays until
    /// `drop_empty_routes`, so that route numbers hold during a change.
    pub fn set_stops(&mut self, instance: &Instance, route: usize, stops: Vec<usize>) {
        let changed = Rc::make_mut(&mut self.routes[route]);
        changed.stops = stops;
        changed.update(instance);
        self.index_route(route);
    }

    pub fn insert(&mut self, instance: &Instance, route: usize, index: usize, customer: usize) {
        let changed = Rc::make_mut(&mut self.routes[route]);
        changed.stops.insert(index, customer);
        changed.update(instance);
        self.index_route(route);
    }

    pub fn open_route(&mut self, instance: &Instance, customer: usize) {
        self.routes.push(Rc::new(Route::new(instance, vec![customer])));
        self.index_route(self.routes.len() - 1);
    }

    /// Takes `count` stops out of a route from `start`; they are placed nowhere until put back.
    pub fn remove_stops(
        &mut self,
        instance: &Instance,
        route: usize,
        start: usize,
        count: usize,
    ) -> Vec<usize> {
        let changed = Rc::make_mut(&mut self.routes[route]);
        let removed: Vec<usize> = changed.stops.drain(start..start + count).collect();
        changed.update(instance);
        for &customer in &removed {
            self.places[customer] = None;
        }
        self.index_route(route);
        removed
    }

    /// Takes a whole route out of the plan and returns its customers, placed nowhere.
    pub fn take_route(&mut self, route: usize) -> Vec<usize> {
        let taken = self.routes.swap_remove(route);
        for &customer in &taken.stops {
            self.places[customer] = None;
        }
        if route < self.routes.len() {
            self.index_route(route);
        }
        taken.stops.clone()
    }

    pub fn drop_empty_routes(&mut self) {
        let mut route = 0;
        while route < self.routes.len() {
            if self.routes[route].stops.is_empty() {
                self.take_route(route);
            } else {
                route += 1;
            }
        }
    }
}
