-- A card's history also records attached and detached documents. SQLite cannot change a check
-- constraint in place: the table is rebuilt (nothing refers to it).
CREATE TABLE task_card_events_new (
    id TEXT PRIMARY KEY NOT NULL,
    card_id TEXT NOT NULL REFERENCES task_cards (id) ON DELETE CASCADE,
    actor_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    kind TEXT NOT NULL CONSTRAINT task_card_events_kind_known CHECK (kind IN ('created', 'moved', 'edited', 'assigned', 'unassigned', 'labelled',
                        'unlabelled', 'completed', 'reopened', 'archived', 'restored',
                        'commented', 'checked', 'unchecked', 'patient_linked', 'attached',
                        'detached')),
    -- What the event names (a list's name, a person's name), never free text of the card.
    detail TEXT NOT NULL,
    at BIGINT NOT NULL
);
INSERT INTO task_card_events_new (id, card_id, actor_id, kind, detail, at)
    SELECT id, card_id, actor_id, kind, detail, at FROM task_card_events;
DROP TABLE task_card_events;
ALTER TABLE task_card_events_new RENAME TO task_card_events;
CREATE INDEX task_card_events_of_card ON task_card_events (card_id, at);
