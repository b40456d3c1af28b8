-- The morning announcement: a channel may open a daily thread at a set local time, in which each
-- member writes one line about their day.

ALTER TABLE conversations ADD COLUMN announcement_minute BIGINT;
ALTER TABLE conversations ADD COLUMN announcement_day TEXT;
ALTER TABLE messages ADD COLUMN kind TEXT NOT NULL DEFAULT 'text';
