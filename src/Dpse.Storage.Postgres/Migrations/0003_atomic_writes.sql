-- Schema version 3: the erasure register of the atomic write contract (docs/storage.md). An erased person is kept only
-- as HMAC-SHA256(secret, person key) (Core's ErasureFingerprint) with the erasure's instant; the random secret is
-- created once by the first instance that needs it (one row, so every instance uses the same one).
CREATE TABLE erasure_secret (
    id     boolean PRIMARY KEY DEFAULT true CHECK (id),
    secret bytea NOT NULL
);

CREATE TABLE erasures (
    fingerprint text PRIMARY KEY,
    at          timestamptz NOT NULL
);
