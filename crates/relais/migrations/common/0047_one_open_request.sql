-- One open request of each kind per person: the database decides, even when two arrive at once.
CREATE UNIQUE INDEX privacy_requests_one_open ON privacy_requests (user_id, kind) WHERE state = 'open';
