-- Schema version 9: every search now reads search_ranks (its GIN index from migration 0007); the GIN indexes on the
-- weighted vectors search_all and search_public served the scoring that search_ranks replaced and no query uses them.
-- Each cost every story share two more GIN updates. The vectors themselves stay: they are the weighted documents
-- search_ranks is derived from, and a future ranking (ts_rank) can read them.
DROP INDEX IF EXISTS stories_search_all;
DROP INDEX IF EXISTS stories_search_public;
