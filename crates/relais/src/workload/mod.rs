//! Workload indicators: per team and week, never per person ranked — visits per caregiver-day,
//! travel as a share of working time, visits planned and done, late and forgotten punches,
//! messages and urgent overrides outside working hours, declared overtime, telework rate — hidden
//! below five people. Each person sees their own figures, compared with nobody.

pub mod care;
pub mod routes;
pub mod service;
