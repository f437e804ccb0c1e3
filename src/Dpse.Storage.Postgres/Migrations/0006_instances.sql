-- Schema version 4: several instances on one database. Each instance beats into `instances` (live = seen within the
-- time to live); `identify_turns` spaces Discord gateway IDENTIFYs per rate-limit bucket across instances (a
-- conditional upsert on the last turn); `command_registrations` remembers the hash of the command definition last
-- registered per scope, so /dpse is registered once, not once per instance. Shards are held with session advisory
-- locks (two-key form, namespace 0x44535244), which need no table.
CREATE TABLE instances (
    id text PRIMARY KEY,
    started_at timestamptz NOT NULL,
    last_seen timestamptz NOT NULL
);

CREATE TABLE identify_turns (
    bucket integer PRIMARY KEY,
    last_turn timestamptz NOT NULL
);

CREATE TABLE command_registrations (
    scope text PRIMARY KEY,
    hash text NOT NULL,
    registered_at timestamptz NOT NULL
);
