-- A card's history also records attached and detached documents.
ALTER TABLE task_card_events DROP CONSTRAINT task_card_events_kind_known;
ALTER TABLE task_card_events ADD CONSTRAINT task_card_events_kind_known CHECK (kind IN ('created', 'moved', 'edited', 'assigned', 'unassigned', 'labelled',
    'unlabelled', 'completed', 'reopened', 'archived', 'restored', 'commented', 'checked',
    'unchecked', 'patient_linked', 'attached', 'detached'));
