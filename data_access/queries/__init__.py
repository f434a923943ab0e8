"""Each page's queries, as pure functions of the filtered-mentions core (data_access.filtered):
`counts` (Overview, Timeline, Map: how many, of whom), `mentions` (the joined mentions and their
pages), `compare` (Compare sources: one actor's outlets, spellings and sentences), `network` (the
co-mention graph), `quotes`, `review` (Curation's queue), `reader` (one document), `articles` (the
Search page), `contract` (the filtered contract tables the exports write). data_access.view binds
them to the names the components read."""
