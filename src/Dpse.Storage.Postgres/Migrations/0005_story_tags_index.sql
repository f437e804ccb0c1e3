-- Schema version 4: the tag filter (story search tag:x, story list tag:x) reads an index instead of every row: at
-- 100,000 stories a tag in 700 of them took 437 ms through a sequential scan and 18 ms through this index.
CREATE INDEX stories_tags ON stories USING gin (tags);
