//! A routing instance: a depot, customers with demand, time window and service time, a fleet of
//! identical vehicles, and a travel matrix (distance = time) given by the caller.

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub demand: f64,
    pub ready: f64,
    pub due: f64,
    pub service: f64,
}

#[derive(Debug, Clone)]
pub struct Instance {
    /// Index 0 is the depot; 1.. are the customers.
    pub nodes: Vec<Node>,
    pub capacity: f64,
    pub vehicles: usize,
    distances: Vec<f64>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum InstanceError {
    #[error("an instance needs a depot and at least one customer")]
    Empty,
    #[error("the matrix has {found} entries, expected {expected}")]
    MatrixSize { expected: usize, found: usize },
    #[error("matrix entry ({from}, {to}) is {value}: entries must be finite and non-negative")]
    BadDistance { from: usize, to: usize, value: f64 },
    #[error("node {node}: {reason}")]
    BadNode { node: usize, reason: &'static str },
}

impl Instance {
    /// Checks everything at the boundary: sizes, finite non-negative numbers, coherent windows.
    pub fn new(
        nodes: Vec<Node>,
        capacity: f64,
        vehicles: usize,
        distances: Vec<f64>,
    ) -> Result<Self, InstanceError> {
        let n = nodes.len();
        if n < 2 {
            return Err(InstanceError::Empty);
        }
        if distances.len() != n * n {
            return Err(InstanceError::MatrixSize { expected: n * n, found: distances.len() });
        }
        for (index, value) in distances.iter().enumerate() {
            if !value.is_finite() || *value < 0.0 {
                return Err(InstanceError::BadDistance {
                    from: index / n,
                    to: index % n,
                    value: *value,
                });
            }
        }
        for (index, node) in nodes.iter().enumerate() {
            let numbers = [node.demand, node.ready, node.due, node.service];
            if numbers.iter().any(|x| !x.is_finite() || *x < 0.0) {
                return Err(InstanceError::BadNode {
                    node: index,
                    reason: "numbers must be finite and non-negative",
                });
            }
            if node.due < node.ready {
                return Err(InstanceError::BadNode {
                    node: index,
                    reason: "the window closes before it opens",
                });
            }
        }
        if !capacity.is_finite() || capacity <= 0.0 || vehicles == 0 {
            return Err(InstanceError::BadNode {
                node: 0,
                reason: "capacity and fleet must be positive",
            });
        }
        Ok(Self { nodes, capacity, vehicles, distances })
    }

    /// From coordinates, with exact Euclidean distances (Solomon and Gehring–Homberger).
    pub fn euclidean(
        points: &[(f64, f64)],
        nodes: Vec<Node>,
        capacity: f64,
        vehicles: usize,
    ) -> Result<Self, InstanceError> {
        let distances = points
            .iter()
            .flat_map(|a| {
                points.iter().map(move |b| ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt())
            })
            .collect();
        Self::new(nodes, capacity, vehicles, distances)
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.len() < 2
    }

    #[inline]
    pub fn distance(&self, from: usize, to: usize) -> f64 {
        self.distances[from * self.nodes.len() + to]
    }

    /// Customers that no vehicle can serve alone (window too early to reach, or demand over
    /// capacity), with the reason: they are reported, never silently dropped.
    pub fn unservable(&self) -> Vec<(usize, &'static str)> {
        let depot = &self.nodes[0];
        (1..self.nodes.len())
            .filter_map(|c| {
                let node = &self.nodes[c];
                if node.demand > self.capacity {
                    return Some((c, "demand above vehicle capacity"));
                }
                let arrival = (depot.ready + self.distance(0, c)).max(node.ready);
                if arrival > node.due {
                    return Some((c, "window closes before a vehicle can arrive"));
                }
                if arrival + node.service + self.distance(c, 0) > depot.due {
                    return Some((c, "cannot be back at the depot in time"));
                }
                None
            })
            .collect()
    }
}
