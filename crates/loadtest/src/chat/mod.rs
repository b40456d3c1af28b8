//! The chat load benchmark's shared parts: the ledger of sent and received messages, latency
//! percentiles, and CPU and memory of a process read from `/proc`.

pub mod matrix;
pub mod relais;
pub mod target;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Every send and every receipt of one round.
#[derive(Default)]
pub struct Ledger {
    /// Message id → (when the send started, room).
    sent: HashMap<String, (Instant, usize)>,
    /// How long each acknowledgement took, in milliseconds.
    acks_ms: Vec<f64>,
    /// Message id → receipts (receiver, when).
    received: HashMap<String, Vec<(u32, Instant)>>,
    pub failures: u64,
}

pub type SharedLedger = Arc<Mutex<Ledger>>;

/// What a receiving connection reports to: its number, the ledger, a signal once it receives,
/// and the stop signal.
pub struct Listener {
    pub receiver: u32,
    pub ledger: SharedLedger,
    pub ready: tokio::sync::mpsc::Sender<()>,
    pub stop: tokio::sync::watch::Receiver<bool>,
}

impl Ledger {
    pub fn sent(ledger: &SharedLedger, id: String, at: Instant, room: usize) {
        let ack_ms = at.elapsed().as_secs_f64() * 1000.0;
        if let Ok(mut ledger) = ledger.lock() {
            ledger.acks_ms.push(ack_ms);
            ledger.sent.insert(id, (at, room));
        }
    }

    pub fn received(ledger: &SharedLedger, receiver: u32, id: String, at: Instant) {
        if let Ok(mut ledger) = ledger.lock() {
            ledger.received.entry(id).or_default().push((receiver, at));
        }
    }

    pub fn failed(ledger: &SharedLedger) {
        if let Ok(mut ledger) = ledger.lock() {
            ledger.failures += 1;
        }
    }

    /// Distinct deliveries of acknowledged messages so far.
    fn delivered(&self) -> usize {
        self.sent
            .keys()
            .filter_map(|id| self.received.get(id))
            .map(|receipts| receipts.iter().map(|(r, _)| *r).collect::<HashSet<_>>().len())
            .sum()
    }

    fn expected(&self, room_sizes: &[usize]) -> usize {
        self.sent.values().map(|(_, room)| room_sizes.get(*room).copied().unwrap_or(0)).sum()
    }
}

/// Waits until every acknowledged message reached every member of its room, or `limit` passes.
pub async fn drain(ledger: &SharedLedger, room_sizes: &[usize], limit: Duration) {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        let done = ledger.lock().map(|l| l.delivered() >= l.expected(room_sizes)).unwrap_or(true);
        if done {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// What one round measured.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub acks: usize,
    pub failures: u64,
    pub expected: usize,
    pub deliveries: usize,
    pub lost: usize,
    pub duplicates: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    pub ack_p50_ms: f64,
    pub ack_p99_ms: f64,
}

impl Ledger {
    pub fn outcome(&self, room_sizes: &[usize]) -> Outcome {
        let mut latencies = Vec::new();
        let mut duplicates = 0;
        let mut deliveries = 0;
        for (id, (sent_at, _)) in &self.sent {
            let Some(receipts) = self.received.get(id) else { continue };
            let mut seen = HashSet::new();
            for (receiver, at) in receipts {
                if seen.insert(*receiver) {
                    deliveries += 1;
                    latencies.push(at.saturating_duration_since(*sent_at).as_secs_f64() * 1000.0);
                } else {
                    duplicates += 1;
                }
            }
        }
        latencies.sort_by(f64::total_cmp);
        let mut acks = self.acks_ms.clone();
        acks.sort_by(f64::total_cmp);
        let expected = self.expected(room_sizes);
        Outcome {
            acks: self.sent.len(),
            failures: self.failures,
            expected,
            deliveries,
            lost: expected.saturating_sub(deliveries),
            duplicates,
            p50_ms: percentile(&latencies, 0.50),
            p95_ms: percentile(&latencies, 0.95),
            p99_ms: percentile(&latencies, 0.99),
            max_ms: latencies.last().copied().unwrap_or(0.0),
            ack_p50_ms: percentile(&acks, 0.50),
            ack_p99_ms: percentile(&acks, 0.99),
        }
    }
}

pub fn percentile(sorted: &[f64], share: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let index = ((sorted.len() as f64 * share).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[index]
}

/// CPU seconds (user + system) a process has used so far; `self` for this one.
pub fn cpu_seconds(pid: &str) -> f64 {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { return 0.0 };
    // Fields after the command name (which may hold spaces) start after the last ')'.
    let Some((_, rest)) = stat.rsplit_once(')') else { return 0.0 };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 of the whole line: 11 and 12 after the name.
    (ticks(11) + ticks(12)) / 100.0
}

/// Resident memory of a process, in MiB.
pub fn rss_mib(pid: &str) -> f64 {
    let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) else { return 0.0 };
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|kib| kib.parse::<f64>().ok())
        .map(|kib| kib / 1024.0)
        .unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_take_the_nearest_rank() {
        let values: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&values, 0.50), 50.0);
        assert_eq!(percentile(&values, 0.99), 99.0);
        assert_eq!(percentile(&[], 0.99), 0.0);
    }

    #[test]
    fn duplicates_and_losses_are_counted_per_receiver() {
        let ledger: SharedLedger = Arc::default();
        let now = Instant::now();
        Ledger::sent(&ledger, "m1".into(), now, 0);
        Ledger::received(&ledger, 1, "m1".into(), now);
        Ledger::received(&ledger, 1, "m1".into(), now);
        Ledger::received(&ledger, 9, "unknown".into(), now);
        let outcome = ledger.lock().unwrap().outcome(&[3]);
        assert_eq!((outcome.deliveries, outcome.duplicates, outcome.lost), (1, 1, 2));
    }
}
