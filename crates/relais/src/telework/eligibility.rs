//! Whether a post can be done remotely, from the criteria of its assessment: a result, the most
//! days a week, and the reasons written out (i18n keys), so the person holding the post reads why.

use super::model::{
    Autonomy, Criteria, DataAccess, Eligibility, OnSiteEquipment, PaperRecords, PatientPresence,
};

/// The most telework days a week an eligible post gets (the charter's usual ceiling).
pub const MOST_DAYS: i64 = 3;
/// Below this share of tasks that can be done remotely, telework is not offered.
pub const LEAST_SHARE: i64 = 20;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub result: Eligibility,
    pub max_days: i64,
    /// One i18n key per reason, in the order of the grid.
    pub reasons: Vec<&'static str>,
}

/// The verdict for `criteria`: a blocking criterion makes the post not eligible; a limiting one
/// caps the days; the share of remote tasks sets the days otherwise.
pub fn assess(criteria: &Criteria) -> Verdict {
    let mut blocking = Vec::new();
    let mut limits: Vec<(i64, &'static str)> = Vec::new();
    let mut notes = Vec::new();
    match criteria.patient_presence {
        PatientPresence::Constant => blocking.push("telework-reason-presence-constant"),
        PatientPresence::Partial => limits.push((2, "telework-reason-presence-partial")),
        PatientPresence::None => {}
    }
    match criteria.paper_records {
        PaperRecords::Essential => blocking.push("telework-reason-paper-essential"),
        PaperRecords::Digitisable => limits.push((2, "telework-reason-paper-digitisable")),
        PaperRecords::None => {}
    }
    match criteria.onsite_equipment {
        OnSiteEquipment::Essential => blocking.push("telework-reason-equipment-essential"),
        OnSiteEquipment::Partial => limits.push((2, "telework-reason-equipment-partial")),
        OnSiteEquipment::None => {}
    }
    match criteria.data_access {
        DataAccess::HealthOnSiteOnly => blocking.push("telework-reason-data-on-site-only"),
        DataAccess::HealthRemote => notes.push("telework-reason-data-remote"),
        DataAccess::Ordinary => {}
    }
    match criteria.autonomy {
        Autonomy::Low => limits.push((1, "telework-reason-autonomy-low")),
        Autonomy::Medium => limits.push((2, "telework-reason-autonomy-medium")),
        Autonomy::High => {}
    }
    if criteria.remote_share < LEAST_SHARE {
        blocking.push("telework-reason-share-low");
    }
    if !blocking.is_empty() {
        return Verdict { result: Eligibility::NotEligible, max_days: 0, reasons: blocking };
    }
    let by_share = match criteria.remote_share {
        60.. => MOST_DAYS,
        40..60 => 2,
        _ => 1,
    };
    let max_days = limits.iter().map(|(days, _)| *days).fold(by_share, i64::min);
    let mut reasons: Vec<&'static str> = limits.iter().map(|(_, key)| *key).collect();
    if by_share < MOST_DAYS {
        reasons.push("telework-reason-share-partial");
    }
    reasons.extend(notes);
    let result = if max_days >= MOST_DAYS { Eligibility::Eligible } else { Eligibility::Partial };
    if reasons.is_empty() {
        reasons.push("telework-reason-all-clear");
    }
    Verdict { result, max_days, reasons }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open_post() -> Criteria {
        Criteria {
            patient_presence: PatientPresence::None,
            paper_records: PaperRecords::None,
            onsite_equipment: OnSiteEquipment::None,
            data_access: DataAccess::Ordinary,
            autonomy: Autonomy::High,
            remote_share: 70,
        }
    }

    #[test]
    fn a_post_without_constraints_is_eligible_up_to_the_ceiling() {
        let verdict = assess(&open_post());
        assert_eq!(verdict.result, Eligibility::Eligible);
        assert_eq!(verdict.max_days, MOST_DAYS);
        assert_eq!(verdict.reasons, vec!["telework-reason-all-clear"]);
    }

    #[test]
    fn constant_presence_with_patients_is_not_eligible_whatever_the_rest() {
        let criteria = Criteria { patient_presence: PatientPresence::Constant, ..open_post() };
        let verdict = assess(&criteria);
        assert_eq!(verdict.result, Eligibility::NotEligible);
        assert_eq!(verdict.max_days, 0);
        assert_eq!(verdict.reasons, vec!["telework-reason-presence-constant"]);
    }

    #[test]
    fn every_blocking_reason_is_written_out() {
        let criteria = Criteria {
            paper_records: PaperRecords::Essential,
            data_access: DataAccess::HealthOnSiteOnly,
            remote_share: 10,
            ..open_post()
        };
        let verdict = assess(&criteria);
        assert_eq!(verdict.reasons.len(), 3);
        assert!(verdict.reasons.contains(&"telework-reason-share-low"));
    }

    #[test]
    fn the_strictest_limit_caps_the_days() {
        let criteria = Criteria {
            autonomy: Autonomy::Low,
            paper_records: PaperRecords::Digitisable,
            ..open_post()
        };
        let verdict = assess(&criteria);
        assert_eq!(verdict.result, Eligibility::Partial);
        assert_eq!(verdict.max_days, 1);
        assert_eq!(
            verdict.reasons,
            vec!["telework-reason-paper-digitisable", "telework-reason-autonomy-low"]
        );
    }

    #[test]
    fn the_share_of_remote_tasks_sets_the_days_at_its_thresholds() {
        let days = |share| assess(&Criteria { remote_share: share, ..open_post() }).max_days;
        assert_eq!(
            [days(20), days(39), days(40), days(59), days(60), days(100)],
            [1, 1, 2, 2, 3, 3]
        );
        assert_eq!(assess(&Criteria { remote_share: 19, ..open_post() }).max_days, 0);
    }

    #[test]
    fn remote_access_to_health_data_is_noted_without_lowering_the_days() {
        let verdict = assess(&Criteria { data_access: DataAccess::HealthRemote, ..open_post() });
        assert_eq!(verdict.max_days, MOST_DAYS);
        assert_eq!(verdict.reasons, vec!["telework-reason-data-remote"]);
    }
}
