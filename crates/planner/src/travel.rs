//! Travel matrices from coordinates when no routing server is configured: great-circle distance
//! times a detour factor, and an average speed per transport mode.
//!
//! The planner takes one matrix of travel times and a factor per caregiver, so times are computed
//! for the reference mode (car) and each caregiver's factor is `reference speed / their speed`.

use thiserror::Error;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub latitude: f64,
    pub longitude: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Walking,
    Cycling,
    Car,
    PublicTransport,
}

/// Straight line × `detour`, at an average speed per mode (km/h, door to door).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TravelModel {
    pub detour: f64,
    pub walking_kmh: f64,
    pub cycling_kmh: f64,
    pub car_kmh: f64,
    pub public_transport_kmh: f64,
}

impl Default for TravelModel {
    /// Urban and suburban home care: roads are about 1.3 times the straight line; a car averages
    /// 30 km/h door to door (parking included), public transport 15, a bicycle 14, on foot 4.5.
    fn default() -> Self {
        Self {
            detour: 1.3,
            walking_kmh: 4.5,
            cycling_kmh: 14.0,
            car_kmh: 30.0,
            public_transport_kmh: 15.0,
        }
    }
}

#[derive(Debug, Error, PartialEq)]
pub enum TravelError {
    #[error("point {0} has invalid coordinates")]
    Coordinates(usize),
    #[error("the travel model has a detour below 1 or a speed that is not positive")]
    Model,
}

/// Distances in metres and travel times in minutes, indexed by point.
pub type Matrices = (Vec<Vec<f64>>, Vec<Vec<f64>>);

const EARTH_RADIUS_M: f64 = 6_371_008.8;

impl TravelModel {
    pub fn speed_kmh(&self, mode: Mode) -> f64 {
        match mode {
            Mode::Walking => self.walking_kmh,
            Mode::Cycling => self.cycling_kmh,
            Mode::Car => self.car_kmh,
            Mode::PublicTransport => self.public_transport_kmh,
        }
    }

    /// The planner's travel factor for a caregiver using `mode` (matrices are for the car).
    pub fn factor(&self, mode: Mode) -> f64 {
        self.car_kmh / self.speed_kmh(mode)
    }

    /// Road distance estimate in metres.
    pub fn distance_m(&self, a: Point, b: Point) -> f64 {
        let (la, lb) = (a.latitude.to_radians(), b.latitude.to_radians());
        let dlat = lb - la;
        let dlon = (b.longitude - a.longitude).to_radians();
        let h = (dlat / 2.0).sin().powi(2) + la.cos() * lb.cos() * (dlon / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin() * self.detour
    }

    /// Distances in metres and car travel times in minutes between every pair of points.
    pub fn matrices(&self, points: &[Point]) -> Result<Matrices, TravelError> {
        let speeds = [self.walking_kmh, self.cycling_kmh, self.car_kmh, self.public_transport_kmh];
        if !(self.detour.is_finite() && self.detour >= 1.0)
            || speeds.iter().any(|s| !s.is_finite() || *s <= 0.0)
        {
            return Err(TravelError::Model);
        }
        if let Some(bad) = points.iter().position(|p| {
            !(p.latitude.is_finite() && p.longitude.is_finite())
                || p.latitude.abs() > 90.0
                || p.longitude.abs() > 180.0
        }) {
            return Err(TravelError::Coordinates(bad));
        }
        let metres_per_minute = self.car_kmh * 1000.0 / 60.0;
        let distance: Vec<Vec<f64>> = points
            .iter()
            .map(|&a| points.iter().map(|&b| self.distance_m(a, b)).collect())
            .collect();
        let minutes = distance
            .iter()
            .map(|row| row.iter().map(|d| d / metres_per_minute).collect())
            .collect();
        Ok((distance, minutes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARIS: Point = Point { latitude: 48.8566, longitude: 2.3522 };
    const LYON: Point = Point { latitude: 45.7640, longitude: 4.8357 };

    #[test]
    fn distances_follow_the_great_circle_times_the_detour() {
        let straight = TravelModel { detour: 1.0, ..TravelModel::default() };
        let d = straight.distance_m(PARIS, LYON);
        assert!((d - 391_500.0).abs() < 1_500.0, "{d}");
        let model = TravelModel::default();
        assert!((model.distance_m(PARIS, LYON) - 1.3 * d).abs() < 1e-6);
        assert_eq!(model.distance_m(PARIS, PARIS), 0.0);
    }

    #[test]
    fn matrices_give_car_minutes_and_factors_give_the_other_modes() {
        let model = TravelModel::default();
        let near = Point { latitude: 48.8666, longitude: 2.3522 }; // about 1.11 km north
        let (distance, minutes) = model.matrices(&[PARIS, near]).expect("valid");
        assert!((distance[0][1] - 1.3 * 1_112.0).abs() < 5.0);
        assert!((minutes[0][1] - distance[0][1] / 500.0).abs() < 1e-9);
        assert_eq!(distance[0][1], distance[1][0]);
        assert!((model.factor(Mode::Walking) - 30.0 / 4.5).abs() < 1e-12);
        assert_eq!(model.factor(Mode::Car), 1.0);
    }

    #[test]
    fn invalid_points_and_models_are_refused() {
        let model = TravelModel::default();
        let bad = Point { latitude: 91.0, longitude: 0.0 };
        assert_eq!(model.matrices(&[PARIS, bad]), Err(TravelError::Coordinates(1)));
        let nan = Point { latitude: f64::NAN, longitude: 0.0 };
        assert_eq!(model.matrices(&[nan]), Err(TravelError::Coordinates(0)));
        let broken = TravelModel { car_kmh: 0.0, ..model };
        assert_eq!(broken.matrices(&[PARIS]), Err(TravelError::Model));
        let shortcut = TravelModel { detour: 0.5, ..model };
        assert_eq!(shortcut.matrices(&[PARIS]), Err(TravelError::Model));
        assert_eq!(model.matrices(&[]).map(|(d, _)| d.len()), Ok(0));
    }
}
