//! The events a webhook may subscribe to. Each names the scope a token would need to read what
//! the event is about; bodies carry ids only (the receiver reads the rest through the API with
//! a token of that scope), so no patient content leaves in a webhook.

use crate::api::Scope;

pub struct EventKind {
    pub kind: &'static str,
    pub scope: Scope,
    /// Message key of its description.
    pub label: &'static str,
}

const fn event(kind: &'static str, scope: Scope, label: &'static str) -> EventKind {
    EventKind { kind, scope, label }
}

pub const EVENTS: &[EventKind] = &[
    event("message.posted", Scope::MessagingRead, "webhook-event-message-posted"),
    event("visit.check_in", Scope::HomecareRead, "webhook-event-visit-check-in"),
    event("visit.check_out", Scope::HomecareRead, "webhook-event-visit-check-out"),
    event("visit.report", Scope::HomecareRead, "webhook-event-visit-report"),
    event("visit.vigilance", Scope::HomecareRead, "webhook-event-visit-vigilance"),
    event("visit.assign", Scope::HomecareRead, "webhook-event-visit-assign"),
    event("visit.cancel", Scope::HomecareRead, "webhook-event-visit-cancel"),
    event("planning.generate", Scope::HomecareRead, "webhook-event-planning-generate"),
    event("planning.publish", Scope::HomecareRead, "webhook-event-planning-publish"),
    event(
        "teleconsultation.schedule",
        Scope::HomecareRead,
        "webhook-event-teleconsultation-schedule",
    ),
    event("teleconsultation.admit", Scope::HomecareRead, "webhook-event-teleconsultation-admit"),
    event("teleconsultation.report", Scope::HomecareRead, "webhook-event-teleconsultation-report"),
    event("teleconsultation.cancel", Scope::HomecareRead, "webhook-event-teleconsultation-cancel"),
];

pub fn find(kind: &str) -> Option<&'static EventKind> {
    EVENTS.iter().find(|event| event.kind == kind)
}

/// Message events concern one channel: the webhook names it.
pub fn needs_channel(kind: &str) -> bool {
    kind.starts_with("message.")
}
