//! What home care writes in the audit log: one list, so a reader of the log (or of this file)
//! knows every action the feature can record.

crate::text_enum::text_enum! {
    /// An action of the audit log (`domain.verb`); the same name is the kind of the live event
    /// a change announces.
    Action {
        CalendarRenew = "calendar.renew",
        CalendarRevoke = "calendar.revoke",
        CarePlanAdd = "care_plan.add",
        CaregiverAbsenceAdd = "caregiver.absence_add",
        CaregiverUpdate = "caregiver.update",
        PatientBreakTheGlass = "patient.break_the_glass",
        PatientCardIssue = "patient.card_issue",
        PatientContactAdd = "patient.contact_add",
        PatientCreate = "patient.create",
        PatientList = "patient.list",
        PatientPhotoRead = "patient.photo_read",
        PatientRead = "patient.read",
        PatientReadRound = "patient.read_round",
        PlanningBoard = "planning.board",
        PlanningExportFhir = "planning.export_fhir",
        PlanningExportRealised = "planning.export_realised",
        PlanningGenerate = "planning.generate",
        PlanningHours = "planning.hours",
        PlanningOptimise = "planning.optimise",
        PlanningProposalAccept = "planning.proposal_accept",
        PlanningProposalDiscard = "planning.proposal_discard",
        PlanningPublish = "planning.publish",
        VisitAssign = "visit.assign",
        VisitCancel = "visit.cancel",
        VisitCheckIn = "visit.check_in",
        VisitCheckOut = "visit.check_out",
        VisitCorrect = "visit.correct",
        VisitPhotoAdd = "visit.photo_add",
        VisitReport = "visit.report",
        VisitVigilance = "visit.vigilance",
    }
}
