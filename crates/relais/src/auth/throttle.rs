//! Keyed throttling of sign-in attempts, for each kind of secret: per address, per account from
//! one address, and a ceiling per account far above what any one address may try. Guessing is
//! slowed down without letting anyone lock a colleague out: someone guessing from elsewhere
//! spends their own address's allowance, never the owner's.

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
    /// A share link's password (and, per address, unknown share-link tokens).
    ShareLink,
    /// A WebDAV sign-in refused (application password unknown, revoked or not for files).
    AppPassword,
    /// The follow-up code of an anonymous feedback item.
    FollowCode,
}

type Limiter<K> = DefaultKeyedRateLimiter<K>;

pub struct Throttles {
    per_account_and_ip: Limiter<(Attempt, String, IpAddr)>,
    per_account: Limiter<(Attempt, String)>,
    per_ip: Limiter<(Attempt, IpAddr)>,
    /// Notices sent to people about their account: one a day per kind and person.
    notices: Limiter<String>,
    /// Refused accesses written to the audit log, per person.
    refusals: Limiter<String>,
}

/// Which limit refused an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// This address, or this account from this address: the usual case.
    Address,
    /// The account's ceiling across every address: a distributed guessing attack, which the
    /// owner is told of.
    AccountCeiling,
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
            // Ten tries in a row for one account from one address, then one every 30 seconds.
            per_account_and_ip: RateLimiter::keyed(quota(10, Duration::from_secs(30))),
            // Across all addresses: 300 in a row, then one every 6 seconds (600 an hour).
            per_account: RateLimiter::keyed(quota(300, Duration::from_secs(6))),
            // Fifty tries in a row from one address, then one every 2 seconds.
            per_ip: RateLimiter::keyed(quota(50, Duration::from_secs(2))),
            notices: RateLimiter::keyed(quota(1, Duration::from_secs(24 * 3600))),
            refusals: RateLimiter::keyed(quota(10, Duration::from_secs(30))),
        }
    }
}

impl Throttles {
    /// Counts one attempt; refuses with `Retry-After` when a limit is reached.
    pub fn check(&self, attempt: Attempt, account: &str, ip: IpAddr) -> Result<(), AppError> {
        self.check_which(attempt, account, ip).map_err(|(_, error)| error)
    }

    /// Counts one attempt; on refusal, says which limit refused it.
    pub fn check_which(
        &self,
        attempt: Attempt,
        account: &str,
        ip: IpAddr,
    ) -> Result<(), (Refused, AppError)> {
        let now = DefaultClock::default().now();
        let refused = |which: Refused, wait: Duration| {
            let retry_after_secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            (which, AppError::TooManyRequests { retry_after_secs })
        };
        let account = account.to_lowercase();
        self.per_ip
            .check_key(&(attempt, ip))
            .map_err(|n| refused(Refused::Address, n.wait_time_from(now)))?;
        self.per_account_and_ip
            .check_key(&(attempt, account.clone(), ip))
            .map_err(|n| refused(Refused::Address, n.wait_time_from(now)))?;
        self.per_account
            .check_key(&(attempt, account))
            .map_err(|n| refused(Refused::AccountCeiling, n.wait_time_from(now)))
    }

    /// Whether the notice named `key` may be sent now (once a day at most).
    pub fn notice_due(&self, key: &str) -> bool {
        self.notices.check_key(&key.to_string()).is_ok()
    }

    /// Whether one more refused access of this person may be written to the audit log.
    pub fn refusal_recorded(&self, user_id: &str) -> bool {
        self.refusals.check_key(&user_id.to_string()).is_ok()
    }

    /// Forgets keys whose limits have fully recovered, so memory stays bounded.
    pub fn forget_idle(&self) {
        self.per_account_and_ip.retain_recent();
        self.per_account.retain_recent();
        self.per_ip.retain_recent();
        self.notices.retain_recent();
        self.refusals.retain_recent();
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

    #[test]
    fn someone_guessing_from_elsewhere_does_not_lock_the_owner_out() {
        let throttles = Throttles::default();
        let attacker: IpAddr = [203, 0, 113, 7].into();
        let owner: IpAddr = [198, 51, 100, 20].into();
        for _ in 0..10 {
            throttles.check(Attempt::Password, "anne@ssiad.fr", attacker).unwrap();
        }
        assert!(throttles.check(Attempt::Password, "anne@ssiad.fr", attacker).is_err());
        throttles.check(Attempt::Password, "anne@ssiad.fr", owner).unwrap();
    }

    #[test]
    fn many_addresses_guessing_one_account_reach_its_ceiling() {
        let throttles = Throttles::default();
        let mut refusal = None;
        for n in 0..400u32 {
            let ip: IpAddr = std::net::Ipv4Addr::from(0x0a00_0000 + n).into();
            if let Err((which, _)) = throttles.check_which(Attempt::Password, "anne@ssiad.fr", ip) {
                refusal = Some((n, which));
                break;
            }
        }
        assert_eq!(refusal, Some((300, Refused::AccountCeiling)));
    }
}
