-- E-mail digests: when a notification went out by e-mail, and whether a person wants them.

ALTER TABLE notifications ADD COLUMN emailed_at BIGINT;
ALTER TABLE users ADD COLUMN email_digest BIGINT NOT NULL DEFAULT 1;
CREATE INDEX notifications_unmailed ON notifications (emailed_at, delivered_at);
