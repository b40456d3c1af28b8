-- Documents attached to a card: a link to a document of the documents module, which keeps its
-- own rights (a person sees an attachment only if they may open the document).
CREATE TABLE task_card_documents (
    card_id TEXT NOT NULL REFERENCES task_cards (id) ON DELETE CASCADE,
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    org_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    added_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    added_at BIGINT NOT NULL,
    PRIMARY KEY (card_id, document_id)
);
CREATE INDEX task_card_documents_of_document ON task_card_documents (document_id);
CREATE INDEX task_cards_due ON task_cards (org_id, due_at);
