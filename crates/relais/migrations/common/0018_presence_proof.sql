-- Whether arrivals and departures need the home card (its QR code or its code). Organisations
-- that do not require it let caregivers record them in one tap, as declared punches.
ALTER TABLE organisations ADD COLUMN punch_card_required BIGINT NOT NULL DEFAULT 1
    CHECK (punch_card_required IN (0, 1));
