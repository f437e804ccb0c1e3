-- Schema version 4: once-claims (Core's IOnceKeys), so a Slack envelope or a signed request that reaches two instances
-- is handled by one. A claim holds until expires_at; an expired row may be claimed again and is swept now and then.
CREATE TABLE once_keys (
    key        text PRIMARY KEY,
    expires_at timestamptz NOT NULL
);

CREATE INDEX once_keys_expires_at ON once_keys (expires_at);
