-- Schema version 7: search ranks a page by reading a few index entries instead of scoring every match. At 100,000
-- stories a word in most of them took 1.5 s, because every match's search vector was detoasted to score it.
-- search_ranks holds each term once behind the letter of its best field, the weight its search vector gives it
-- ('A:term' title and tags, 'B:term' organisation, modules and sector, 'C:term' summary, 'D:term' the long fields),
-- GIN-indexed: "the newest stories with this word in the title" is an index lookup, and the store walks the scores
-- from the highest down until the page is full. A term whose weight differs between the two vectors (the real
-- organisation of an anonymised story, which members do not see) is written as 'pB:term' for members (search_public)
-- and 'aB:term' for moderators and the author (search_all) instead; an absent term is not written.
ALTER TABLE stories ADD COLUMN search_ranks text[];

UPDATE stories s SET search_ranks = ARRAY(
    SELECT entry
    FROM (SELECT coalesce(a.lexeme, p.lexeme) AS lexeme, a.weights[1] AS all_weight, p.weights[1] AS public_weight
          FROM unnest(s.search_all) AS a FULL JOIN unnest(s.search_public) AS p ON a.lexeme = p.lexeme) terms,
         LATERAL unnest(CASE
             WHEN all_weight IS NOT DISTINCT FROM public_weight THEN ARRAY[all_weight || ':' || lexeme]
             ELSE array_remove(ARRAY['a' || all_weight || ':' || lexeme, 'p' || public_weight || ':' || lexeme], NULL)
         END) AS entry
    ORDER BY entry);

ALTER TABLE stories ALTER COLUMN search_ranks SET NOT NULL;
CREATE INDEX stories_search_ranks ON stories USING gin (search_ranks);
