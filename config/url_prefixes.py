"""The path prefixes that decide how a request is served, named once.

Under `API` the JSON API: no browser session, problems for errors, the strict CSP. Under
`EMBED` the partner embed pages: problems for errors too. Middleware decides from these
alone, so each decision is a prefix test on the path and nothing else.
"""

from __future__ import annotations

API = "/api/"
EMBED = "/embed/"
# Where every error is an application/problem+json answer.
PROBLEMS = (API, EMBED)
