-- Flex office: desks per site, booked for an on-site day. One person per desk and day, one desk
-- per person and day, held by unique keys.
CREATE TABLE telework_desks (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    room TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    retired_at BIGINT,
    UNIQUE (site_id, room, name)
);

CREATE TABLE telework_desk_bookings (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    desk_id TEXT NOT NULL REFERENCES telework_desks(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (desk_id, day),
    UNIQUE (user_id, day)
);
