"""The two scripts `sitegen serve` hands to the browser (never written by `sitegen build`):
assets/reload.js and assets/worker.js, shipped as package data.

`/__sitegen__/reload.js` runs in every served page.  The server adds it before `</body>` as

    <script src="/__sitegen__/reload.js" data-build="ID" data-page="posts/x/index.html" defer>

where ID names the build the page came from and data-page is the output file it was served
from.  The page listens to the server's events through `/__sitegen__/worker.js`, a shared
worker that holds one EventSource for all the site's open tabs (browsers allow only about six
HTTP/1.1 connections per host, so fifty tabs with an EventSource each would stall); where
shared workers are missing the page opens its own EventSource.

Events (JSON in the `data:` line of a Server-Sent Event):

    ok     {"build", "prev", "changed"}  a build succeeded.  `changed` lists the output files it
                                         added, changed or removed (null: unknown or too many);
                                         `prev` is the build before it (null on connect).
    error  {"build", "problems"}         a build failed; `build` is the last good one, still
                                         served.  problems: [{file, line, message, hint}].

What a page does with `ok`: clear the error overlay; if it is behind (its build is not `prev`),
or its own file changed, fetch itself and swap in the new <body> (no reload: scroll position
and page state survive); swap changed stylesheets, including ones pulled in by @import,
with a cache-busting query; re-fetch changed images; reload only when something else it uses
changed (a script, an icon) or the new page needs different head resources or scripts.
With `error`: show an overlay naming the file, line, message and hint (built with DOM nodes
and textContent, never markup from the server).
"""

from __future__ import annotations

import html
from functools import cache
from importlib import resources

OWN_PREFIX = "/__sitegen__/"
SCRIPTS = ("reload.js", "worker.js")


@cache
def script(name: str) -> bytes:
    """The bytes of one of SCRIPTS (read once from the package)."""
    return resources.files("sitegen.serve").joinpath("assets", name).read_bytes()


def tag(build_id: str, page: str) -> bytes:
    """The script tag the server adds to every HTML page it serves."""
    return (f'<script src="{OWN_PREFIX}reload.js" data-build="{html.escape(build_id)}" '
            f'data-page="{html.escape(page)}" defer></script>\n').encode()


def inject(page: bytes, tag: bytes) -> bytes:
    """The page with `tag` before its last </body> (at the end when it has none)."""
    at = page.lower().rfind(b"</body>")
    if at < 0:
        return page + tag
    return page[:at] + tag + page[at:]

