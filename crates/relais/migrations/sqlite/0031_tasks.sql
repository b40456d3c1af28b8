-- Task boards: a team's (team_id) or one person's (owner_id), with the lists the team names and
-- orders, the labels it defines, and cards. A card's free text (title, description, checklist
-- items, comments) is sealed with the organisation's key: "call the GP about Mme X's treatment"
-- is health data. A card always sits in a list of its own board (the composite key says so).
CREATE TABLE task_boards (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    team_id TEXT REFERENCES teams (id) ON DELETE CASCADE,
    owner_id TEXT REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    CONSTRAINT task_boards_one_holder CHECK ((team_id IS NULL) <> (owner_id IS NULL))
);
CREATE INDEX task_boards_of_team ON task_boards (org_id, team_id);
CREATE INDEX task_boards_of_owner ON task_boards (owner_id);

CREATE TABLE task_lists (
    id TEXT PRIMARY KEY NOT NULL,
    board_id TEXT NOT NULL REFERENCES task_boards (id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
    position BIGINT NOT NULL,
    -- A card moved into a "done" list is completed; moved out, it is open again.
    is_done BIGINT NOT NULL CONSTRAINT task_lists_is_done_flag CHECK (is_done IN (0, 1)),
    UNIQUE (board_id, name),
    UNIQUE (id, board_id)
);

CREATE TABLE task_labels (
    id TEXT PRIMARY KEY NOT NULL,
    board_id TEXT NOT NULL REFERENCES task_boards (id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
    colour TEXT NOT NULL CONSTRAINT task_labels_colour_known CHECK (colour IN ('grey', 'blue', 'green', 'yellow', 'orange', 'red', 'purple')),
    UNIQUE (board_id, name),
    UNIQUE (id, board_id)
);

CREATE TABLE task_recurrences (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    board_id TEXT NOT NULL,
    list_id TEXT NOT NULL,
    title_enc BLOB NOT NULL,
    frequency TEXT NOT NULL CONSTRAINT task_recurrences_frequency_known CHECK (frequency IN ('weekly', 'monthly')),
    -- Weekly: ISO day of the week (1 = Monday); monthly: day of the month (1 to 28).
    day BIGINT NOT NULL CHECK (day BETWEEN 1 AND 28),
    minute BIGINT NOT NULL CHECK (minute BETWEEN 0 AND 1439),
    assignee_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    -- The next card's moment; the job that creates it moves this forward (compare-and-set).
    next_at BIGINT NOT NULL,
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    FOREIGN KEY (list_id, board_id) REFERENCES task_lists (id, board_id) ON DELETE CASCADE,
    CHECK (frequency = 'monthly' OR day <= 7)
);
CREATE INDEX task_recurrences_due ON task_recurrences (next_at);

CREATE TABLE task_cards (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    board_id TEXT NOT NULL,
    list_id TEXT NOT NULL,
    position BIGINT NOT NULL,
    title_enc BLOB NOT NULL,
    description_enc BLOB,
    priority TEXT NOT NULL CONSTRAINT task_cards_priority_known CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    due_at BIGINT,
    patient_id TEXT REFERENCES patients (id) ON DELETE SET NULL,
    message_id TEXT REFERENCES messages (id) ON DELETE SET NULL,
    recurrence_id TEXT REFERENCES task_recurrences (id) ON DELETE SET NULL,
    -- The moment a recurrence created it for: one card per recurrence and moment.
    occurrence_at BIGINT,
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    completed_at BIGINT,
    archived_at BIGINT,
    -- Raised by every edit of the fields above, so two people editing at once cannot overwrite
    -- each other silently (moves are last-write-wins and recorded in the history instead).
    version BIGINT NOT NULL DEFAULT 1,
    FOREIGN KEY (list_id, board_id) REFERENCES task_lists (id, board_id) ON DELETE CASCADE,
    UNIQUE (recurrence_id, occurrence_at)
);
CREATE INDEX task_cards_of_list ON task_cards (list_id, archived_at, position);
CREATE INDEX task_cards_of_board ON task_cards (board_id, archived_at);
CREATE INDEX task_cards_of_message ON task_cards (message_id);
CREATE INDEX task_cards_of_patient ON task_cards (patient_id);

CREATE TABLE task_card_assignees (
    card_id TEXT NOT NULL REFERENCES task_cards (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (card_id, user_id)
);
CREATE INDEX task_card_assignees_of_user ON task_card_assignees (user_id);

CREATE TABLE task_card_labels (
    card_id TEXT NOT NULL REFERENCES task_cards (id) ON DELETE CASCADE,
    label_id TEXT NOT NULL REFERENCES task_labels (id) ON DELETE CASCADE,
    PRIMARY KEY (card_id, label_id)
);

CREATE TABLE task_checklist_items (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    card_id TEXT NOT NULL REFERENCES task_cards (id) ON DELETE CASCADE,
    text_enc BLOB NOT NULL,
    done BIGINT NOT NULL CONSTRAINT task_checklist_items_done_flag CHECK (done IN (0, 1)),
    position BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX task_checklist_items_of_card ON task_checklist_items (card_id, position);

CREATE TABLE task_comments (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    card_id TEXT NOT NULL REFERENCES task_cards (id) ON DELETE CASCADE,
    author_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    body_enc BLOB NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX task_comments_of_card ON task_comments (card_id, created_at);

-- The history of a card: who did what, when. Written in the transaction of the change.
CREATE TABLE task_card_events (
    id TEXT PRIMARY KEY NOT NULL,
    card_id TEXT NOT NULL REFERENCES task_cards (id) ON DELETE CASCADE,
    actor_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    kind TEXT NOT NULL CONSTRAINT task_card_events_kind_known CHECK (kind IN ('created', 'moved', 'edited', 'assigned', 'unassigned', 'labelled',
                        'unlabelled', 'completed', 'reopened', 'archived', 'restored',
                        'commented', 'checked', 'unchecked', 'patient_linked')),
    -- What the event names (a list's name, a person's name), never free text of the card.
    detail TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX task_card_events_of_card ON task_card_events (card_id, at);

-- What the boards tell people (assigned, mentioned, due soon, overdue), held until each person's
-- next working period like every notification. One notice per person, kind and card.
CREATE TABLE task_notices (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    card_id TEXT NOT NULL REFERENCES task_cards (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CONSTRAINT task_notices_kind_known CHECK (kind IN ('assigned', 'mentioned', 'due_soon', 'overdue')),
    created_at BIGINT NOT NULL,
    deliver_at BIGINT NOT NULL,
    delivered_at BIGINT,
    read_at BIGINT,
    UNIQUE (user_id, kind, card_id)
);
CREATE INDEX task_notices_due ON task_notices (delivered_at, deliver_at);
CREATE INDEX task_notices_of_user ON task_notices (user_id, delivered_at);
