-- Schema version 8: the organisation filter is a contains match ("stories from anywhere called Kestrel Bay"), which
-- no B-tree serves: at 100,000 stories it read 47,000 rows to count a place named in 2,500 of them (260 ms). Trigram
-- GIN indexes (pg_trgm) serve LIKE '%...%': one on what members are shown (an anonymised story's description), the
-- expression the store's members' filter repeats exactly, and one on the real organisation for moderators and authors.
-- pg_trgm ships with PostgreSQL and is a trusted extension (a database owner may create it), but a managed server
-- can refuse it: then the filter still works, unindexed, and the notice says why.
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'pg_trgm is not available (%): the organisation filter works without an index', SQLERRM;
END $$;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        CREATE INDEX stories_members_organisation ON stories
            USING gin ((CASE WHEN anonymised THEN description_key ELSE organisation_key END) gin_trgm_ops);
        CREATE INDEX stories_organisation ON stories USING gin (organisation_key gin_trgm_ops);
    END IF;
END $$;
