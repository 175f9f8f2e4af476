"""The files `sitegen init` writes, as text with a few fields to fill in.

Values are filled in already quoted (JSON strings are valid TOML and YAML strings). Every key
of the config, set or commented, is one the config schema accepts (tests/test_init.py checks it
by uncommenting them all).
"""

from __future__ import annotations

CONFIG = """\
# The site's settings. Every key has a default; the commented lines show them.
# Every key is described in sitegen's README, under "Config: sitegen.toml".

title = {title}
description = "One sentence about the blog, for the index page, feeds and search engines."
# The address the site is published at, with its subpath if any. Feeds, the sitemap and
# canonical links use it; `sitegen build --base-url URL` overrides it (the deploy workflow does).
base_url = {base_url}
language = "en"

# timezone = "UTC"                  # for dates written without a zone (an IANA name: "Europe/Berlin")
# posts_per_page = 10               # entries per page of the index, tag and author pages
# permalink = "/posts/{{slug}}/"      # also {{year}}, {{month}}, {{day}}
# feed_length = 20                  # posts per feed
# tag_feed_atom = false             # true: each tag's and author's feed in Atom too (RSS only by default)
# toc = false                       # a table of contents on every post
# search = false                    # true: a search page and its index (Pagefind), built with the site
# comments = ""                     # an HTML snippet (a comments embed) under every post

# Header menu entries besides pages with `menu:` in their front matter:
# [[menu]]
# name = "Tags"
# url = "/tags/"
# weight = 10

# [images]
# widths = [480, 800, 1200, 1600]   # the widths photos are resized to
# keep_metadata = false             # true keeps EXIF, GPS position included
# avif_for_png = false              # true: screenshots and diagrams get AVIF too (slow to encode)
"""

POST = """\
---
title: "Hello, world"
date: {date}
{author}tags: [News]
summary: {summary}
---

This is the first post of the blog. It is a Markdown file with YAML front matter,
`{post_path}`: edit it, or delete it once you have written your own.

<!-- more -->

## Writing posts

Start a new post with

```sh
sitegen new "The title of the post" --tags one,two
```

which writes `content/posts/YEAR/<slug>.md`. Preview the site while you write with
`sitegen serve`: every save reloads the page. Link to another post or page by its file,
as in [the About page](../../pages/about.md); the build makes the right address and
reports a link to a file that does not exist.

## Publishing

`sitegen build` writes the site into `output/`. `DEPLOY.md` says how to publish it on GitHub
Pages, Netlify or Cloudflare Pages.
"""

AUTHOR_LINE = "author: {author_id}\n"

AUTHORS = """\
# The authors: a post names one with `author: ID` (or several with `authors: [ID, ID]`).
{author_id}:
  name: {name}
  bio: |
    A sentence or two about you, in Markdown. It shows under each post and on your author page.
"""

ABOUT = """\
---
title: About
summary: {summary}
menu: 1
---

Say here what the blog is about and who writes it. This page is
`content/pages/about.md`, published at `/about/`, and `menu: 1` puts it in the header menu.
"""

GITIGNORE = """\
# What `sitegen build` makes: the site and the build state (caches of front matter, Markdown and images)
output/
.sitegen-cache/
"""

WORKFLOW = """\
# Build the site and publish it on GitHub Pages on every push to main.
# In the repository's Settings > Pages, set "Source" to "GitHub Actions".
name: Deploy to GitHub Pages

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      # sitegen is installed from its repository, pinned to one commit, so a new release never
      # changes the site unseen: move the pin on purpose. (The name "sitegen" on PyPI belongs to
      # another project: never `pip install sitegen`.)
      - name: Install sitegen
        env:
          SITEGEN: {install}
        run: |
          {check}pip install "$SITEGEN"
      - id: pages
        uses: actions/configure-pages@v5
      # The build state (front matter, Markdown and image variants, cached by content): each run
      # saves its own and restores the newest earlier one, so unchanged posts and photos are
      # not made again.
      - uses: actions/cache@v4
        with:
          path: .sitegen-cache
          key: sitegen-${{{{ runner.os }}}}-${{{{ github.run_id }}}}-${{{{ github.run_attempt }}}}
          restore-keys: |
            sitegen-${{{{ runner.os }}}}-
      # The address GitHub Pages serves the site at (https://USER.github.io/REPO/ or your domain)
      - name: Build
        run: sitegen build --base-url "${{{{ steps.pages.outputs.base_url }}}}/"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: output

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""

DEPLOY = """\
# Publishing the site

`sitegen build` writes the whole site into `output/`, with relative links, so any static
host can serve it. Set `base_url` in `sitegen.toml` to the address it will have (or pass
`--base-url`): feeds, the sitemap and canonical links need the absolute address.

## GitHub Pages

`.github/workflows/deploy.yml` builds and publishes the site on every push to `main`. In the
repository's Settings > Pages, set "Source" to "GitHub Actions". The workflow passes the
Pages address as `--base-url`, keeps the build state (`.sitegen-cache/`) between runs, and
installs sitegen from its repository at the commit named in it: move the pin when you upgrade.
(The name `sitegen` on PyPI belongs to another project: always install from the repository.)

## Netlify and Cloudflare Pages

Both build from the repository. Set:

- build command: `pip install "{install}" && sitegen build --base-url "$URL/"`
  (on Cloudflare Pages, `$CF_PAGES_URL` instead of `$URL`; or leave `--base-url` out and
  set `base_url` in `sitegen.toml` to your domain);
- publish (output) folder: `output`;
- the environment variable `PYTHON_VERSION` to `3.12` (sitegen needs Python 3.11 or newer).

The build already writes the two files these hosts read:

- `_headers`: a year of caching for the files in `assets/`, whose names change with their
  content, and `max-age=0, must-revalidate` for everything else. A `content/_headers` of your
  own replaces it.
- `_redirects`: a real `301` from every old address listed in a post's or page's `aliases` to
  its new one (written when there is at least one alias). Rules of your own in
  `content/_redirects` are kept at the top.

So there is nothing to configure for caching or redirects.
"""
