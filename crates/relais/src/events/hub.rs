//! The local fan-out: each WebSocket connection subscribes to the audiences it may hear
//! (`org:<id>`, `user:<id>`, `conversation:<id>`), and an event goes only to the subscribers of
//! its audience — a message in a room of twenty wakes twenty connections, not every one.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::mpsc;

use super::Event;

/// How many events a slow connection may fall behind before it is told to resynchronise.
const CAPACITY: usize = 1024;

type Outlet = mpsc::Sender<Arc<Event>>;

#[derive(Default)]
struct Routes {
    /// Audience → subscribers (by subscription id).
    by_audience: HashMap<String, HashMap<u64, Outlet>>,
    /// Subscription → its audiences, to clean up.
    audiences_of: HashMap<u64, Vec<String>>,
}

#[derive(Clone, Default)]
pub struct Hub {
    routes: Arc<Mutex<Routes>>,
    next_id: Arc<AtomicU64>,
    last_delivered: Arc<AtomicI64>,
}

/// A connection's place in the hub; leaves it when dropped. Events arrive on `events`; the
/// channel closes if the connection fell too far behind.
pub struct Subscription {
    id: u64,
    hub: Hub,
    /// Weak, so that the channel closes once the hub lets go of a connection too far behind.
    outlet: mpsc::WeakSender<Arc<Event>>,
    pub events: mpsc::Receiver<Arc<Event>>,
}

impl Hub {
    /// Hands an event to the subscribers of its audience. Events arrive in id order; a repeated
    /// or older id (a re-publication after a crash) is dropped here.
    pub fn deliver(&self, event: Event) {
        let previous = self.last_delivered.fetch_max(event.id, Ordering::SeqCst);
        if event.id <= previous {
            return;
        }
        let Ok(mut routes) = self.routes.lock() else { return };
        let Some(subscribers) = routes.by_audience.get(&event.audience) else { return };
        let event = Arc::new(event);
        let mut too_slow = Vec::new();
        for (id, outlet) in subscribers {
            if outlet.try_send(event.clone()).is_err() {
                too_slow.push(*id);
            }
        }
        for id in too_slow {
            remove(&mut routes, id);
        }
    }

    /// A new subscription to `audiences`.
    pub fn subscribe(&self, audiences: impl IntoIterator<Item = String>) -> Subscription {
        let (outlet, events) = mpsc::channel(CAPACITY);
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let subscription =
            Subscription { id, hub: self.clone(), outlet: outlet.downgrade(), events };
        for audience in audiences {
            subscription.add(&audience);
        }
        drop(outlet);
        subscription
    }

    /// The newest event id this instance has delivered.
    pub fn last_delivered(&self) -> i64 {
        self.last_delivered.load(Ordering::SeqCst)
    }

    /// Connections subscribed now.
    pub fn subscribers(&self) -> usize {
        self.routes.lock().map(|routes| routes.audiences_of.len()).unwrap_or(0)
    }
}

fn remove(routes: &mut Routes, id: u64) {
    for audience in routes.audiences_of.remove(&id).unwrap_or_default() {
        if let Some(subscribers) = routes.by_audience.get_mut(&audience) {
            subscribers.remove(&id);
            if subscribers.is_empty() {
                routes.by_audience.remove(&audience);
            }
        }
    }
}

impl Subscription {
    /// Starts hearing an audience (a conversation just joined).
    pub fn add(&self, audience: &str) {
        let Some(outlet) = self.outlet.upgrade() else { return };
        let Ok(mut routes) = self.hub.routes.lock() else { return };
        let audiences = routes.audiences_of.entry(self.id).or_default();
        if audiences.iter().any(|a| a == audience) {
            return;
        }
        audiences.push(audience.to_string());
        routes.by_audience.entry(audience.to_string()).or_default().insert(self.id, outlet);
    }

    /// Stops hearing an audience (a conversation just left).
    pub fn remove(&self, audience: &str) {
        let Ok(mut routes) = self.hub.routes.lock() else { return };
        if let Some(audiences) = routes.audiences_of.get_mut(&self.id) {
            audiences.retain(|a| a != audience);
        }
        if let Some(subscribers) = routes.by_audience.get_mut(audience) {
            subscribers.remove(&self.id);
            if subscribers.is_empty() {
                routes.by_audience.remove(audience);
            }
        }
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        if let Ok(mut routes) = self.hub.routes.lock() {
            remove(&mut routes, self.id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(id: i64, audience: &str) -> Event {
        Event {
            id,
            at: 0,
            org_id: "o".into(),
            audience: audience.into(),
            kind: "k".into(),
            payload: serde_json::json!({}),
        }
    }

    #[test]
    fn events_go_only_to_their_audience_once_and_in_order() {
        let hub = Hub::default();
        let mut member = hub.subscribe(["org:o".to_string(), "conversation:c".to_string()]);
        let mut other = hub.subscribe(["org:o".to_string()]);
        hub.deliver(event(1, "conversation:c"));
        hub.deliver(event(1, "conversation:c"));
        hub.deliver(event(2, "org:o"));
        assert_eq!(member.events.try_recv().unwrap().id, 1);
        assert_eq!(member.events.try_recv().unwrap().id, 2);
        assert!(member.events.try_recv().is_err(), "a repeated id is dropped");
        assert_eq!(other.events.try_recv().unwrap().id, 2);
        member.remove("conversation:c");
        hub.deliver(event(3, "conversation:c"));
        assert!(member.events.try_recv().is_err());
        drop(other);
        assert_eq!(hub.subscribers(), 1);
    }

    #[test]
    fn a_subscriber_too_far_behind_is_cut_off() {
        let hub = Hub::default();
        let mut slow = hub.subscribe(["org:o".to_string()]);
        for id in 1..=(CAPACITY as i64 + 1) {
            hub.deliver(event(id, "org:o"));
        }
        let mut received = 0;
        while slow.events.try_recv().is_ok() {
            received += 1;
        }
        assert_eq!(received, CAPACITY);
        assert_eq!(hub.subscribers(), 0);
        assert!(matches!(slow.events.try_recv(), Err(mpsc::error::TryRecvError::Disconnected)));
    }
}
