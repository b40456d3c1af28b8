//! The rules a telework day is checked against, on request and again on approval. Each refusal
//! names its rule (an i18n key shown next to the form).

use jiff::civil::Date;

use super::model::{Agreement, Blackout, DayPart, TeamRules};

/// What the rules need to know about a day asked for.
pub struct Context<'a> {
    pub today: Date,
    pub day: Date,
    pub part: DayPart,
    /// The person's agreement, if any (signed or not).
    pub agreement: Option<&'a Agreement>,
    /// Whether the person accepted the charter in force (true when none is published).
    pub charter_accepted: bool,
    /// Half-days already asked for or approved in that week, this day excluded.
    pub halves_that_week: i64,
    pub rules: &'a TeamRules,
    pub blackouts: &'a [Blackout],
    /// Members of the team.
    pub team_size: i64,
    /// Other members with a whole day of approved telework that day.
    pub remote_that_day: i64,
}

/// A rule a day breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Broken {
    Past,
    NoAgreement,
    CharterNotAccepted,
    NotAFixedDay,
    WeekQuota,
    MeetingDay,
    Blackout,
    MinimumOnSite,
}

impl Broken {
    /// The message naming the rule.
    pub fn key(&self) -> &'static str {
        match self {
            Broken::Past => "telework-rule-past",
            Broken::NoAgreement => "telework-rule-no-agreement",
            Broken::CharterNotAccepted => "telework-rule-charter",
            Broken::NotAFixedDay => "telework-rule-fixed-days",
            Broken::WeekQuota => "telework-rule-week-quota",
            Broken::MeetingDay => "telework-rule-meeting-day",
            Broken::Blackout => "telework-rule-blackout",
            Broken::MinimumOnSite => "telework-rule-minimum-on-site",
        }
    }
}

/// The first rule `context` breaks, in the order a person would want to hear them.
pub fn check(context: &Context<'_>) -> Result<(), Broken> {
    if context.day < context.today {
        return Err(Broken::Past);
    }
    let day = context.day.to_string();
    let Some(agreement) = context.agreement.filter(|a| a.covers(&day)) else {
        return Err(Broken::NoAgreement);
    };
    if !context.charter_accepted {
        return Err(Broken::CharterNotAccepted);
    }
    let weekday = context.day.weekday().to_monday_one_offset();
    let fixed = agreement.fixed_weekdays();
    if !fixed.is_empty() && !fixed.contains(&weekday) {
        return Err(Broken::NotAFixedDay);
    }
    if context.halves_that_week + context.part.halves() > agreement.days_per_week * 2 {
        return Err(Broken::WeekQuota);
    }
    if context.rules.meeting_weekday == Some(i64::from(weekday)) {
        return Err(Broken::MeetingDay);
    }
    if context.blackouts.iter().any(|b| b.first_day <= day && day <= b.last_day) {
        return Err(Broken::Blackout);
    }
    let on_site = context.team_size - context.remote_that_day - 1;
    if context.part == DayPart::Day && on_site < context.rules.min_on_site {
        return Err(Broken::MinimumOnSite);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn agreement() -> Agreement {
        Agreement {
            id: "a".into(),
            user_id: "u".into(),
            days_per_week: 2,
            fixed_days: String::new(),
            place: "domicile".into(),
            equipment: String::new(),
            starts_on: "2026-01-05".into(),
            trial_until: None,
            review_on: None,
            ends_on: Some("2026-12-31".into()),
            proposed_at: 0,
            signed_at: Some(1),
        }
    }

    fn with<'a>(
        agreement: &'a Agreement,
        rules: &'a TeamRules,
        blackouts: &'a [Blackout],
    ) -> Context<'a> {
        Context {
            today: date(2026, 12, 4),
            day: date(2026, 12, 8),
            part: DayPart::Day,
            agreement: Some(agreement),
            charter_accepted: true,
            halves_that_week: 0,
            rules,
            blackouts,
            team_size: 5,
            remote_that_day: 0,
        }
    }

    #[test]
    fn a_day_within_every_rule_is_accepted() {
        let (a, r) = (agreement(), TeamRules::default());
        assert_eq!(check(&with(&a, &r, &[])), Ok(()));
    }

    #[test]
    fn past_days_and_days_outside_the_agreement_are_refused() {
        let (a, r) = (agreement(), TeamRules::default());
        let past = Context { day: date(2026, 12, 3), ..with(&a, &r, &[]) };
        assert_eq!(check(&past), Err(Broken::Past));
        let after = Context { day: date(2027, 1, 4), ..with(&a, &r, &[]) };
        assert_eq!(check(&after), Err(Broken::NoAgreement));
        let unsigned = Agreement { signed_at: None, ..agreement() };
        assert_eq!(check(&with(&unsigned, &r, &[])), Err(Broken::NoAgreement));
        let none = Context { agreement: None, ..with(&a, &r, &[]) };
        assert_eq!(check(&none), Err(Broken::NoAgreement));
    }

    #[test]
    fn the_charter_must_be_accepted_first() {
        let (a, r) = (agreement(), TeamRules::default());
        let context = Context { charter_accepted: false, ..with(&a, &r, &[]) };
        assert_eq!(check(&context), Err(Broken::CharterNotAccepted));
    }

    #[test]
    fn the_week_counts_half_days() {
        let (a, r) = (agreement(), TeamRules::default());
        let three_halves = Context { halves_that_week: 3, ..with(&a, &r, &[]) };
        assert_eq!(check(&three_halves), Err(Broken::WeekQuota));
        let one_more_half = Context { part: DayPart::Morning, ..three_halves };
        assert_eq!(check(&one_more_half), Ok(()));
    }

    #[test]
    fn fixed_days_meeting_days_and_blackouts_are_named() {
        let r = TeamRules::default();
        let fixed = Agreement { fixed_days: "1,4".into(), ..agreement() };
        assert_eq!(check(&with(&fixed, &r, &[])), Err(Broken::NotAFixedDay), "8 Dec is a Tuesday");
        let a = agreement();
        let meeting = TeamRules { meeting_weekday: Some(2), ..TeamRules::default() };
        assert_eq!(check(&with(&a, &meeting, &[])), Err(Broken::MeetingDay));
        let closing = [Blackout {
            id: "b".into(),
            team_id: None,
            first_day: "2026-12-07".into(),
            last_day: "2026-12-11".into(),
            reason: "Certification".into(),
        }];
        assert_eq!(check(&with(&a, &r, &closing)), Err(Broken::Blackout));
    }

    #[test]
    fn the_minimum_on_site_counts_the_others_already_away() {
        let a = agreement();
        let rules = TeamRules { min_on_site: 3, ..TeamRules::default() };
        let one_away = Context { remote_that_day: 1, ..with(&a, &rules, &[]) };
        assert_eq!(check(&one_away), Ok(()), "5 - 1 - 1 = 3 stay");
        let two_away = Context { remote_that_day: 2, ..with(&a, &rules, &[]) };
        assert_eq!(check(&two_away), Err(Broken::MinimumOnSite));
        let half_day = Context { part: DayPart::Afternoon, ..two_away };
        assert_eq!(check(&half_day), Ok(()), "a half-day keeps the person on site half the day");
    }
}
