//! The local fan-out: every WebSocket connection of this instance listens here.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use tokio::sync::broadcast;

use super::Event;

/// How many events a slow connection may fall behind before it is told to resynchronise.
const CAPACITY: usize = 8192;

#[derive(Clone)]
pub struct Hub {
    sender: broadcast::Sender<Arc<Event>>,
    last_delivered: Arc<AtomicI64>,
}

impl Default for Hub {
    fn default() -> Self {
        let (sender, _) = broadcast::channel(CAPACITY);
        Self { sender, last_delivered: Arc::new(AtomicI64::new(0)) }
    }
}

impl Hub {
    /// Hands an event to every local listener. Events arrive in id order; a repeated or older id
    /// (a re-publication after a crash) is dropped here.
    pub fn deliver(&self, event: Event) {
        let previous = self.last_delivered.fetch_max(event.id, Ordering::SeqCst);
        if event.id <= previous {
            return;
        }
        let _ = self.sender.send(Arc::new(event));
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Event>> {
        self.sender.subscribe()
    }

    /// The newest event id this instance has delivered.
    pub fn last_delivered(&self) -> i64 {
        self.last_delivered.load(Ordering::SeqCst)
    }
}
