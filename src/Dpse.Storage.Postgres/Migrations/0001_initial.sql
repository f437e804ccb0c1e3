-- Schema version 1: the whole exchange. Stories and events are kept as the export's JSON document (the versioned,
-- lossless shape that export/import already promise) beside the columns that queries filter, sort and search on;
-- those columns are written by the store from the same record in the same statement, so they never disagree.

-- Next numbers: one row per kind, incremented inside the adding transaction, so numbers are consecutive even when
-- several instances add at once, and an import moves it past the highest imported number.
CREATE TABLE counters (
    name  text PRIMARY KEY,
    value integer NOT NULL
);
INSERT INTO counters (name, value) VALUES ('story', 0), ('event', 0);

CREATE TABLE stories (
    number           integer PRIMARY KEY,
    doc              jsonb NOT NULL,
    version          bigint NOT NULL DEFAULT 1,
    created_at       timestamptz NOT NULL,
    status           text NOT NULL,
    outcome          text NOT NULL,
    author_key       text NOT NULL,
    anonymised       boolean NOT NULL,
    tags             text[] NOT NULL,   -- lower-case
    sector_key       text,              -- trimmed, upper-case (case-insensitive exact match)
    organisation_key text,              -- upper-case (case-insensitive contains)
    description_key  text,              -- the anonymised description, upper-case
    -- Weighted vectors (A title and tags, B organisation, modules, sector, C summary, D the long fields), one
    -- position per term carrying the weight of the best field it is in. search_public leaves out the real
    -- organisation of an anonymised story, so members can never match it.
    search_all       tsvector NOT NULL,
    search_public    tsvector NOT NULL
);
CREATE INDEX stories_newest ON stories (created_at DESC, number DESC);
CREATE INDEX stories_author ON stories (author_key);
CREATE INDEX stories_search_all ON stories USING gin (search_all);
CREATE INDEX stories_search_public ON stories USING gin (search_public);

-- One row per celebration, for the digest's "most celebrated" window and for me export / me forget.
CREATE TABLE story_celebrations (
    story_number integer NOT NULL REFERENCES stories (number) ON DELETE CASCADE,
    person_key   text NOT NULL,
    at           timestamptz NOT NULL,
    PRIMARY KEY (story_number, person_key)
);
CREATE INDEX story_celebrations_at ON story_celebrations (at);
CREATE INDEX story_celebrations_person ON story_celebrations (person_key);

CREATE TABLE events (
    number           integer PRIMARY KEY,
    doc              jsonb NOT NULL,
    version          bigint NOT NULL DEFAULT 1,
    start_utc        timestamptz NOT NULL,
    participant_keys text[] NOT NULL    -- organiser and everyone who answered
);
CREATE INDEX events_start ON events (start_utc, number);
CREATE INDEX events_participants ON events USING gin (participant_keys);

CREATE TABLE channel_settings (
    channel_key text PRIMARY KEY,
    doc         jsonb NOT NULL,
    version     bigint NOT NULL DEFAULT 1,
    active      boolean NOT NULL
);
CREATE INDEX channel_settings_active ON channel_settings (channel_key) WHERE active;

CREATE TABLE member_settings (
    person_key       text PRIMARY KEY,
    platform         text NOT NULL,
    workspace        text NOT NULL,
    user_id          text NOT NULL,
    reminder_dms     boolean NOT NULL,
    updated_at       timestamptz NOT NULL
);

CREATE TABLE audit (
    id              bigserial PRIMARY KEY,
    at              timestamptz NOT NULL,
    actor_platform  text NOT NULL,
    actor_workspace text NOT NULL,
    actor_user      text NOT NULL,
    actor_key       text NOT NULL,
    actor_name      text NOT NULL,
    action          text NOT NULL,
    target          text NOT NULL,
    detail          text
);
CREATE INDEX audit_target ON audit (target, id DESC);
CREATE INDEX audit_actor ON audit (actor_key, id DESC);

-- The outbox, shared by every instance. The key is the delivery key, so planning the same delivery twice (by two
-- instances at once) adds one row. claimed_by / lease_until hold a due delivery for one instance while it sends.
CREATE TABLE deliveries (
    key                  text PRIMARY KEY,
    kind                 text NOT NULL,
    subject              text NOT NULL,
    target_kind          text,          -- channel | dm | null (a notice not yet fanned out)
    target_platform      text,
    target_workspace     text,
    target_id            text,
    target_key           text,
    due_at               timestamptz NOT NULL,
    period_start         timestamptz,
    period_end           timestamptz,
    event_number         integer,
    event_start          timestamptz,
    previous_event_start timestamptz,
    offset_ticks         bigint,
    note                 text,
    status               text NOT NULL,
    attempts             integer NOT NULL,
    next_attempt_at      timestamptz,
    message_id           text,
    error                text,
    late                 boolean NOT NULL,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    claimed_by           text,
    lease_until          timestamptz
);
CREATE INDEX deliveries_pending ON deliveries (due_at, key) WHERE status = 'Pending';
CREATE INDEX deliveries_subject ON deliveries (subject, due_at);
CREATE INDEX deliveries_target ON deliveries (target_key);
