"""`sitegen import SOURCE... [--out content/postings/] [--keep-boilerplate]`.

Turns a pasted job ad (Markdown or plain text, often mis-decoded), a job ad's web page, or
another board's front-matter Markdown/HTML into a DRAFT posting in the format of
docs/posting-format.md.
What cannot be found becomes a placeholder starting with ``TODO``, which `sitegen check`
rejects until a maintainer fills it in.

The CLI calls `command.run_import`, the only code here that reads or writes files:

    repair (mis-decoded text) -> extract (pasted ad) | page + extract (web page)
    | migrate (front matter) -> Draft
    -> render (front matter + Markdown) -> write under a free name

Modules: `repair` (Windows-1252 / Latin-1 / Mac Roman mojibake), `header` (title, company,
badges), `salary`, `location`, `boilerplate` (EEO, accommodation, benefits, tracking
codes, application-guide coaching), `dates` (closing dates), `html` (HTML to Markdown),
`page` (a whole page: what is not the ad, and the facts its markup states), `jsonld`
(schema.org JobPosting), `extract`, `migrate`, `draft` (placeholders and the report),
`render`, `command`.
"""
