-- Schema version 2: the outbox records when an attempt began whose outcome is not yet recorded, so the sender can
-- reconcile with the platform before posting again (DeliveryRecord.AttemptStartedAt).
ALTER TABLE deliveries ADD COLUMN attempt_started_at timestamptz;
