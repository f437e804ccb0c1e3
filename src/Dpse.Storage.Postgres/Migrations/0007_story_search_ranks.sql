-- Schema version 7: search ranks a page by reading a few index entries instead of scoring every match. At 100,000
-- stories a word in most of them took 1.5 s, because every match's search vector was detoasted to score it.
-- search_ranks holds each term once behind the letter of its best field, the weight its search vector gives it
-- ('A:term' title and tags, 'B:term' organisation, modules and sector, 'C:term' summary, 'D:term' the long fields),
-- GIN-indexed: "the newest stories with this word in the title" is an index lookup, and the store reads the stories of
-- each combination of weights (one score each) and merges them. A term whose weight differs between the two vectors
-- (the real organisation of an anonymised story, which members do not see) is written as 'pB:term' for members
-- (search_public) and 'aB:term' for moderators and the author (search_all) instead; an absent term is not written.
-- It is a tsvector without positions (sorted lexemes: a row is tested by binary search; a text[] was tested element
-- by element, 51 ms for the capped count of two common words instead of a few).
-- The column is kept in the row (STORAGE MAIN: the document and the vectors go to TOAST first), so testing a row
-- does not detoast it: the capped count of a common word tests 1,000 rows in 4 ms, 99 ms through search_public.
ALTER TABLE stories ADD COLUMN search_ranks tsvector;
ALTER TABLE stories ALTER COLUMN search_ranks SET STORAGE MAIN;
-- Each weight group's query reads either the newest stories, filtering (cheap for a group of thousands), or the
-- group's index entries, sorting them (cheap for a few). With the default statistics, an entry outside the ~1,000 most
-- common is estimated at 0.6% of the stories, so a word absent from titles was looked for by reading every story
-- newest first (5 s for a word in no story). 5,000 common entries bring the estimate of the others down to 0.06%.
ALTER TABLE stories ALTER COLUMN search_ranks SET STATISTICS 1000;

UPDATE stories s SET search_ranks = array_to_tsvector(ARRAY(
    SELECT entry
    FROM (SELECT coalesce(a.lexeme, p.lexeme) AS lexeme, a.weights[1] AS all_weight, p.weights[1] AS public_weight
          FROM unnest(s.search_all) AS a FULL JOIN unnest(s.search_public) AS p ON a.lexeme = p.lexeme) terms,
         LATERAL unnest(CASE
             WHEN all_weight IS NOT DISTINCT FROM public_weight THEN ARRAY[all_weight || ':' || lexeme]
             ELSE array_remove(ARRAY['a' || all_weight || ':' || lexeme, 'p' || public_weight || ':' || lexeme], NULL)
         END) AS entry));

ALTER TABLE stories ALTER COLUMN search_ranks SET NOT NULL;
CREATE INDEX stories_search_ranks ON stories USING gin (search_ranks);
