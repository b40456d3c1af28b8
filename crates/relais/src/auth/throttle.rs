//! Keyed throttling of sign-in attempts: per account and per IP, for each kind of secret.
//! Throttling slows guessing down without letting anyone lock a colleague out.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::error::AppError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Attempt {
    Password,
    Totp,
    RecoveryCode,
    /// The short code of a patient's home card.
    CardCode,
}

type Limiter<K> = DefaultKeyedRateLimiter<K>;

pub struct Throttles {
    per_account: Limiter<(Attempt, String)>,
    per_ip: Limiter<(Attempt, IpAddr)>,
}

fn quota(burst: u32, replenish_every: Duration) -> Quota {
    let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
    Quota::with_period(replenish_every)
        .unwrap_or_else(|| Quota::per_minute(burst))
        .allow_burst(burst)
}

impl Default for Throttles {
    fn default() -> Self {
        Self {
            // Ten tries in a row for one account, then one every 30 seconds.
            per_account: RateLimiter::keyed(quota(10, Duration::from_secs(30))),
            // Fifty tries in a row from one address, then one every 2 seconds.
            per_ip: RateLimiter::keyed(quota(50, Duration::from_secs(2))),
        }
    }
}

impl Throttles {
    /// Counts one attempt; refuses with `Retry-After` when a limit is reached.
    pub fn check(&self, attempt: Attempt, account: &str, ip: IpAddr) -> Result<(), AppError> {
        let now = DefaultClock::default().now();
        let refused = |wait: Duration| AppError::TooManyRequests {
            retry_after_secs: wait.as_secs() + u64::from(wait.subsec_nanos() > 0),
        };
        self.per_ip.check_key(&(attempt, ip)).map_err(|n| refused(n.wait_time_from(now)))?;
        self.per_account
            .check_key(&(attempt, account.to_lowercase()))
            .map_err(|n| refused(n.wait_time_from(now)))
    }

    /// Forgets keys whose limits have fully recovered, so memory stays bounded.
    pub fn forget_idle(&self) {
        self.per_account.retain_recent();
        self.per_ip.retain_recent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_eleventh_attempt_on_one_account_is_refused_with_a_delay() {
        let throttles = Throttles::default();
        let ip: IpAddr = [127, 0, 0, 1].into();
        for _ in 0..10 {
            throttles.check(Attempt::Password, "anne@ssiad.fr", ip).unwrap();
        }
        match throttles.check(Attempt::Password, "ANNE@ssiad.fr", ip) {
            Err(AppError::TooManyRequests { retry_after_secs }) => assert!(retry_after_secs >= 1),
            other => panic!("expected a refusal, got {other:?}"),
        }
        throttles.check(Attempt::Password, "bruno@ssiad.fr", ip).unwrap();
        throttles.check(Attempt::Totp, "anne@ssiad.fr", ip).unwrap();
    }
}
