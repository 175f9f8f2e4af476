#!/usr/bin/env python3
"""Deterministic benchmark corpus: the same N blog posts as three sites.

    python benchmarks/corpus.py N OUT_DIR

writes

    OUT_DIR/sitegen/   sitegen.toml, content/authors.yaml, content/posts/YYYY/<slug>.md
    OUT_DIR/pelican/   pelicanconf.py, content/posts/YYYY/<slug>.md (Pelican metadata header)
    OUT_DIR/hugo/      hugo.toml, layouts/, content/posts/<slug>.md, content/authors/<id>/_index.md

Every post has the same Markdown body in all three sites.  The text is assembled from an
electric-vehicle-industry vocabulary by a seeded ``random.Random``; post *i* depends only on
the seed and *i*, so the first 100 posts of the 1,000-post corpus are the 100-post corpus and
two runs with the same N write byte-identical files.  Nothing reads the clock.

The three sites are configured to produce comparable blogs: one page per post, a home index
paginated by 10, a page per tag and per author (also paginated by 10), the list of tags and of
authors, and exactly one feed (all posts).  sitegen's per-tag and per-author feeds are switched
off, as are Pelican's category/author/translation feeds and Hugo's section/taxonomy feeds.
"""

from __future__ import annotations

import json
import random
import shutil
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

SEED = "sitegen-bench-v1"
SITE_TITLE = "Charge Point Analysis"
SITE_DESCRIPTION = "Independent analysis of the electric-vehicle industry: batteries, charging, markets and policy."
BASE_URL = "https://bench.example.org/"
FEED_LENGTH = 20
PER_PAGE = 10

# --------------------------------------------------------------------------------------------
# Vocabulary (our own list of EV-industry words and phrases)
# --------------------------------------------------------------------------------------------

BRANDS = [
    "Tesla", "BYD", "Volkswagen", "Hyundai", "Kia", "Rivian", "Lucid", "NIO", "XPeng", "Li Auto",
    "Xiaomi", "Škoda", "Citroën", "Renault", "Polestar", "Volvo", "BMW", "Mercedes-Benz", "Ford",
    "General Motors", "Stellantis", "Toyota", "Geely", "Zeekr", "SAIC", "MG", "Leapmotor", "Cupra",
    "Porsche", "Audi", "Nissan", "Honda", "VinFast", "Tata Motors", "Mahindra",
]
SUPPLIERS = [
    "CATL", "LG Energy Solution", "Panasonic", "Samsung SDI", "SK On", "CALB", "Gotion", "EVE Energy",
    "Northvolt", "Albemarle", "Ganfeng", "Umicore", "Redwood Materials", "Ionity", "ChargePoint",
    "Electrify America", "Fastned", "Allego",
]
MODELS = [
    "Model Y", "Model 3", "Cybertruck", "Seal", "Atto 3", "Dolphin", "ID.3", "ID.4", "ID.7",
    "Ioniq 5", "Ioniq 6", "EV3", "EV6", "EV9", "R1S", "R2", "Air", "ET5", "G6", "SU7", "YU7",
    "Enyaq", "Elroq", "ë-C3", "Zoë", "Megane E-Tech", "R5 E-Tech", "Polestar 2", "EX30", "iX",
    "i4", "EQS", "Mustang Mach-E", "Equinox EV", "bZ4X", "Leaf", "MG4", "Born", "Taycan", "C10",
]
TOPICS = [
    "battery costs", "charging infrastructure", "LFP chemistry", "sodium-ion cells",
    "solid-state batteries", "800-volt architecture", "gigacasting", "software-defined vehicles",
    "over-the-air updates", "residual values", "fleet electrification", "import tariffs",
    "purchase subsidies", "the used-EV market", "grid capacity", "bidirectional charging",
    "megawatt charging", "heat pumps", "range anxiety", "lithium prices", "nickel supply",
    "cell-to-pack design", "battery recycling", "driver assistance", "insurance costs",
    "plug-and-charge", "the NACS connector", "battery swapping", "depot charging",
    "electric trucks", "two-wheelers", "cathode capacity", "graphite sourcing",
    "dealer margins", "price cuts", "export volumes", "plant utilisation", "warranty claims",
]
REGIONS = [
    "China", "Europe", "the United States", "Norway", "Germany", "India", "Southeast Asia",
    "Brazil", "the United Kingdom", "France", "Japan", "South Korea", "Mexico", "Thailand",
    "Indonesia", "Turkey", "Australia", "Canada", "the Netherlands", "Sweden",
]
METRICS = [
    "registrations", "deliveries", "market share", "gross margin", "cell cost per kilowatt-hour",
    "charging sessions", "order intake", "inventory days", "average transaction price",
    "utilisation", "export share", "capital spending",
]
ADJECTIVES = [
    "decisive", "awkward", "underrated", "structural", "uncomfortable", "central", "familiar",
    "persistent", "expensive", "overlooked", "pressing", "quiet", "practical", "strategic",
]
TREND_VERBS = ["rise", "fall", "stabilise", "double", "halve", "plateau", "recover", "slip"]
PAST_VERBS = [
    "doubled down on", "scaled back", "quietly expanded", "restructured", "re-priced",
    "bet heavily on", "localised", "postponed", "accelerated", "renegotiated",
]
CONNECTORS = [
    "Still,", "Meanwhile,", "In practice,", "By contrast,", "Put simply,", "Even so,",
    "On the other hand,", "For now,", "Crucially,", "At the same time,",
]
OBSERVATIONS = [
    "the market noticed within a quarter",
    "competitors were forced to respond",
    "margins took the first hit",
    "the effect on prices was immediate",
    "suppliers had to rethink their plans",
    "early buyers were the main beneficiaries",
    "the numbers only told half the story",
    "investors remained unconvinced",
]
GOALS = [
    "close the price gap with combustion cars",
    "survive a year of slower growth",
    "scale without burning more cash",
    "win over fleet buyers",
    "keep pace with Chinese rivals",
    "turn software into recurring revenue",
    "cut the cost of a kilowatt-hour further",
    "hold residual values steady",
]
HEADINGS = [
    "Market context", "What the numbers say", "Battery economics", "Charging and infrastructure",
    "Pricing pressure", "Supply chain", "Policy backdrop", "Competitive landscape",
    "Risks to watch", "Software and services", "Manufacturing footprint", "Demand signals",
    "The fleet angle", "Capital and margins", "Technology roadmap", "Consumer sentiment",
]
LINK_TARGETS = [
    "https://research.example.com/ev-outlook", "https://data.example.org/registrations",
    "https://news.example.net/battery-prices", "https://policy.example.org/tariffs",
    "https://charging.example.com/network-map", "https://investors.example.com/quarterly",
]

# About 60 tags.  Order matters: tag k is drawn with weight 1/(k+1)^1.1 (Zipf-like), so the
# first ones are on many posts and the last ones on a handful.
TAGS = [
    "EV Sales", "Batteries", "China", "Charging", "Tesla", "Europe", "BYD", "Policy",
    "Pricing", "Supply Chain", "United States", "LFP", "Software", "Volkswagen Group",
    "Hyundai Motor Group", "Trucks", "Solid-State", "Lithium", "Tariffs", "Subsidies",
    "Xiaomi", "小米", "Škoda", "Citroën", "Renault Zoë", "Norway", "Germany", "India",
    "Autonomy", "Recycling", "Grid", "Sodium-Ion", "Used EVs", "Fleet", "Startups", "Rivian",
    "NIO", "Polestar", "Charging Standards", "Gigacasting", "Insurance", "Residual Values",
    "Two-Wheelers", "Buses", "Raw Materials", "Nickel", "Graphite", "Heat Pumps", "V2G",
    "Battery Swapping", "Southeast Asia", "Brazil", "Japan", "Korea", "United Kingdom",
    "Earnings", "Interviews", "Data", "Opinion", "Explainers",
]
TAG_WEIGHTS = [1.0 / (k + 1) ** 1.1 for k in range(len(TAGS))]

AUTHORS = [
    ("lena-hoffmann", "Lena Hoffmann", "Batteries and raw materials"),
    ("marco-bianchi", "Marco Bianchi", "European markets"),
    ("zoe-marchand", "Zoë Marchand", "Policy and regulation"),
    ("jiri-dvorak", "Jiří Dvořák", "Central European manufacturing"),
    ("wei-chen", "Wei Chen (陈伟)", "China's EV makers"),
    ("aisha-rahman", "Aisha Rahman", "Charging networks"),
    ("tom-okafor", "Tom Okafor", "Capital markets"),
    ("sofia-lindqvist", "Sofia Lindqvist", "Nordic adoption"),
    ("diego-alvarez", "Diego Álvarez", "Latin America"),
    ("priya-nair", "Priya Nair", "India and two-wheelers"),
    ("kenji-sato", "Kenji Satō", "Japanese automakers"),
    ("hannah-weiss", "Hannah Weiss", "Software-defined vehicles"),
    ("oliver-grant", "Oliver Grant", "Fleets and trucks"),
    ("amelie-roux", "Amélie Roux", "French industry"),
    ("ji-woo-park", "Ji-woo Park", "Korean cell makers"),
    ("nadia-haddad", "Nadia Haddad", "Grid and energy"),
    ("lucas-ferreira", "Lucas Ferreira", "Supply chains"),
    ("emma-clarke", "Emma Clarke", "Used-car markets"),
    ("ravi-menon", "Ravi Menon", "Data desk"),
    ("ev-desk", "The EV Desk", "Staff reports"),
]

UNICODE_TITLE_BITS = [
    "小米 SU7", "小米 YU7", "Škoda Elroq", "Škoda Enyaq", "Citroën ë-C3", "Renault Zoë",
    "Zoë's successor", "BYD in São Paulo", "Citroën's ë-Berlingo", "Škoda's Mladá Boleslav plant",
]

# --------------------------------------------------------------------------------------------
# Text assembly
# --------------------------------------------------------------------------------------------


def ascii_slug(text: str) -> str:
    """File-name slug: accents dropped, non-Latin letters dropped, runs of others to '-'."""
    decomposed = unicodedata.normalize("NFKD", text)
    out = []
    for ch in decomposed:
        if unicodedata.combining(ch):
            continue
        if ch.isascii() and ch.isalnum():
            out.append(ch.lower())
        else:
            out.append("-")
    return "-".join(part for part in "".join(out).split("-") if part)


def article(word: str) -> str:
    return ("an " if word[0] in "aeiou" else "a ") + word


def the(phrase: str) -> str:
    return phrase if phrase.startswith("the ") else "the " + phrase


def words(text: str) -> int:
    """Prose words: tokens with at least one letter or digit (table pipes do not count)."""
    return sum(1 for tok in text.split() if any(ch.isalnum() for ch in tok))


class Writer:
    """Sentence and block generator for one post, driven by its own Random."""

    def __init__(self, rng: random.Random):
        self.r = rng
        self.link_budget = rng.randint(2, 4)

    def pick(self, seq):
        return self.r.choice(seq)

    def maybe_link(self, phrase: str) -> str:
        if self.link_budget > 0 and self.r.random() < 0.12:
            self.link_budget -= 1
            return f"[{phrase}]({self.pick(LINK_TARGETS)}?ref={ascii_slug(phrase)})"
        return phrase

    def emphasise(self, phrase: str) -> str:
        x = self.r.random()
        if x < 0.04:
            return f"**{phrase}**"
        if x < 0.07:
            return f"*{phrase}*"
        return phrase

    def sentence(self) -> str:
        r = self.r
        brand = self.pick(BRANDS)
        topic = self.emphasise(self.maybe_link(self.pick(TOPICS)))
        region = self.pick(REGIONS)
        year = r.randint(2021, 2030)
        pct = r.randint(3, 60)
        kind = r.randrange(12)
        if kind == 0:
            s = f"{brand} {self.pick(PAST_VERBS)} {topic} in {region}, and {self.pick(OBSERVATIONS)}."
        elif kind == 1:
            s = f"Analysts expect {self.pick(METRICS)} tied to {topic} to {self.pick(TREND_VERBS)} by about {pct} percent before {year}."
        elif kind == 2:
            s = f"For {brand}, the {self.pick(ADJECTIVES)} question is whether {topic} can help it {self.pick(GOALS)}."
        elif kind == 3:
            price = r.randrange(22, 95) * 1000
            s = f"The {self.pick(MODELS)} now starts at roughly {price:,} euros in {region}, which changes the maths on {topic}."
        elif kind == 4:
            s = f"{self.pick(CONNECTORS)} {self.pick(SUPPLIERS)} says {topic} will matter more than {self.pick(TOPICS)} over the next {r.randint(2, 8)} years."
        elif kind == 5:
            s = f"{region} reported {self.pick(METRICS)} up {pct} percent year on year, helped by {topic}."
        elif kind == 6:
            s = f"{self.pick(CONNECTORS)} the {self.pick(ADJECTIVES)} part of {topic} is not the technology but the {self.pick(['cost', 'timing', 'financing', 'regulation', 'logistics'])}."
        elif kind == 7:
            kwh = r.randint(40, 120)
            s = f"{'An' if str(kwh)[0] == '8' else 'A'} {kwh} kWh pack and {r.randint(150, 400)} kW peak charging put the {self.pick(MODELS)} near the top of its class."
        elif kind == 8:
            s = f"{self.pick(SUPPLIERS)} has {self.pick(PAST_VERBS)} its plans for {self.pick(REGIONS)}, citing {topic}."
        elif kind == 9:
            s = f"If {brand} wants to {self.pick(GOALS)}, it will need a clearer answer on {topic}."
        elif kind == 10:
            s = f"That leaves {brand} and {self.pick(BRANDS)} competing on {topic} rather than on design alone."
        else:
            s = f"{self.pick(CONNECTORS)} {self.pick(METRICS)} in {region} {self.pick(['rose', 'fell', 'held steady', 'surprised analysts'])} in {min(year, 2025)}, and {self.pick(OBSERVATIONS)}."
        return s[0].upper() + s[1:]

    def paragraph(self, lo: int = 3, hi: int = 6) -> str:
        return " ".join(self.sentence() for _ in range(self.r.randint(lo, hi)))

    def bullets(self) -> str:
        items = []
        for _ in range(self.r.randint(3, 6)):
            brand = self.pick(BRANDS)
            items.append(f"- **{brand}**: {self.pick(TOPICS)} in {self.pick(REGIONS)}, {self.pick(OBSERVATIONS)}.")
        return "The main points:\n\n" + "\n".join(items)

    def table(self) -> str:
        rows = ["| Model | Battery (kWh) | WLTP range (km) | Price (EUR) |",
                "| --- | ---: | ---: | ---: |"]
        for model in self.r.sample(MODELS, self.r.randint(3, 6)):
            kwh = self.r.randint(40, 110)
            rows.append(f"| {model} | {kwh} | {kwh * self.r.randint(55, 70) // 10} | {self.r.randrange(22, 95) * 1000:,} |")
        return "\n".join(rows)

    def code(self) -> str:
        r = self.r
        if r.random() < 0.5:
            return "\n".join([
                "```python",
                "def cost_per_km(price_eur: float, kwh_per_100km: float, years: int = 8) -> float:",
                f"    km_per_year = {r.randint(10, 25) * 1000}",
                f"    energy = kwh_per_100km / 100 * km_per_year * years * {r.randint(18, 45) / 100}",
                "    return (price_eur + energy) / (km_per_year * years)",
                "",
                f"print(round(cost_per_km({r.randrange(25, 60) * 1000}, {r.randint(14, 22)}.{r.randint(0, 9)}), 3))",
                "```",
            ])
        return "\n".join([
            "```json",
            "{",
            f'  "market": "{self.pick(REGIONS)}",',
            f'  "year": {r.randint(2021, 2025)},',
            f'  "bev_share": {r.randint(2, 90) / 100},',
            f'  "top_model": "{self.pick(MODELS)}"',
            "}",
            "```",
        ])


@dataclass
class Post:
    index: int
    slug: str
    title: str
    date: str          # ISO 8601 with offset
    year: int
    author: str        # author id
    tags: list[str]
    summary: str
    body: str


OFFSETS = ["+00:00", "+01:00", "+02:00", "+08:00", "-05:00", "+05:30", "+09:00"]


def make_title(w: Writer) -> str:
    r = w.r
    if r.random() < 0.12:
        bit = w.pick(UNICODE_TITLE_BITS)
        return w.pick([
            f"{bit}: what the first year tells us",
            f"Inside the numbers behind {bit}",
            f"Why {bit} matters for {w.pick(REGIONS)}",
            f"{bit} and {the(w.pick(TOPICS))} question",
        ])
    brand, model, topic, region = w.pick(BRANDS), w.pick(MODELS), w.pick(TOPICS), w.pick(REGIONS)
    t = w.pick([
        f"{brand}'s bet on {topic}",
        f"Why {topic} will decide {brand}'s next five years",
        f"{brand} {model}: the {w.pick(ADJECTIVES)} case for {topic}",
        f"What {w.pick(METRICS)} in {region} say about {topic}",
        f"{region} and {topic}: {article(w.pick(ADJECTIVES))} shift",
        f"Can {brand} {w.pick(GOALS)}?",
        f"{w.pick(SUPPLIERS)}, {brand} and the economics of {topic}",
        f"The {model} in {region}: {w.pick(METRICS)} after {r.randint(6, 30)} months",
    ])
    return t[0].upper() + t[1:]


def make_post(i: int, used_slugs: set[str]) -> Post:
    r = random.Random(f"{SEED}:{i}")
    w = Writer(r)
    title = make_title(w)
    base = ascii_slug(title)[:70].strip("-") or f"post-{i}"
    slug = base
    n = 2
    while slug in used_slugs:
        slug = f"{base}-{n}"
        n += 1
    used_slugs.add(slug)

    year = r.randint(2021, 2025)
    date = (f"{year:04d}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
            f"T{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}{w.pick(OFFSETS)}")
    author = w.pick(AUTHORS)[0]
    tags: list[str] = []
    want = r.randint(1, 5)
    while len(tags) < want:
        t = r.choices(TAGS, weights=TAG_WEIGHTS)[0]
        if t not in tags:
            tags.append(t)
    # Summaries are plain text in all three tools: no links, no emphasis.
    budget, w.link_budget = w.link_budget, 0
    summary = f"{w.sentence()} {w.sentence()}".replace("*", "")
    w.link_budget = budget

    target = r.randint(620, 1100)
    has_code = r.random() < 0.2
    has_footnote = r.random() < 0.35
    headings = r.sample(HEADINGS, len(HEADINGS))
    blocks: list[str] = [w.paragraph(3, 5)]
    total = words(blocks[0])
    # Fixed elements go in the first sections so they always appear before the word target.
    extras = {1: w.bullets, 2: w.table}
    if has_code:
        extras[3] = w.code
    section = 0
    footnote_done = False
    closing_reserve = 45
    while total < target - closing_reserve or section < (4 if has_code else 3):
        section += 1
        heading = headings[(section - 1) % len(headings)]
        blocks.append(f"## {heading}")
        para = w.paragraph()
        if has_footnote and not footnote_done:
            para += "[^1]"
            footnote_done = True
        blocks.append(para)
        total += words(para) + words(heading) + 1
        if section in extras:
            block = extras[section]()
            blocks.append(block)
            total += words(block)
        if total < target - closing_reserve - 60 and r.random() < 0.5:
            para = w.paragraph(2, 4)
            blocks.append(para)
            total += words(para)
    blocks.append("## Bottom line")
    closing = w.paragraph(2, 3)
    while words(closing) + total + 3 < max(600, target - 10):
        closing += " " + w.sentence()
    blocks.append(closing)
    if has_footnote:
        blocks.append(f"[^1]: Figures are rounded and based on {w.pick(['company filings', 'registration data', 'industry estimates', 'our own tracking'])} for {w.pick(REGIONS)}.")
    body = "\n\n".join(blocks) + "\n"
    return Post(i, slug, title, date, year, author, tags, summary, body)


def make_posts(n: int) -> list[Post]:
    used: set[str] = set()
    return [make_post(i, used) for i in range(n)]


# --------------------------------------------------------------------------------------------
# Writers for the three sites
# --------------------------------------------------------------------------------------------


def q(s: str) -> str:
    """A YAML double-quoted scalar (JSON strings without '/' or '\\' escapes are valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def author_bio(aid: str, name: str, tagline: str) -> str:
    r = random.Random(f"{SEED}:author:{aid}")
    w = Writer(r)
    w.link_budget = 0
    return f"{name} covers {tagline.lower()} for {SITE_TITLE}. {w.sentence()} {w.sentence()}"


def authors_yaml() -> str:
    out = []
    for aid, name, tagline in AUTHORS:
        out.append(f"{aid}:")
        out.append(f"  name: {q(name)}")
        out.append(f"  tagline: {q(tagline)}")
        out.append(f"  bio: {q(author_bio(aid, name, tagline))}")
        out.append("  links:")
        out.append(f"    - name: \"Website\"\n      url: \"https://authors.example.org/{aid}\"")
        out.append(f"    - name: \"Mastodon\"\n      url: \"https://social.example.org/@{aid}\"")
    return "\n".join(out) + "\n"


def write_sitegen(posts: list[Post], root: Path) -> None:
    write(root / "sitegen.toml", "\n".join([
        f"title = {q(SITE_TITLE)}",
        f"description = {q(SITE_DESCRIPTION)}",
        f"base_url = {q(BASE_URL)}",
        'language = "en"',
        'timezone = "UTC"',
        f"posts_per_page = {PER_PAGE}",
        'theme = "default"',
        f"feed_length = {FEED_LENGTH}",
    ]) + "\n")         # (sitegen's defaults otherwise: social cards, tag and author feeds)
    write(root / "content" / "authors.yaml", authors_yaml())
    for p in posts:
        fm = "\n".join([
            "---",
            f"title: {q(p.title)}",
            f"date: {p.date}",
            f"author: {p.author}",
            "tags: [" + ", ".join(q(t) for t in p.tags) + "]",
            f"summary: {q(p.summary)}",
            "---",
        ])
        write(root / "content" / "posts" / str(p.year) / f"{p.slug}.md", fm + "\n\n" + p.body)


PELICANCONF = '''\
# Generated by benchmarks/corpus.py: the same blog pages as the sitegen and Hugo sites.
AUTHOR = "The EV Desk"
SITENAME = {sitename!r}
SITEURL = {siteurl!r}
RELATIVE_URLS = False
PATH = "content"
ARTICLE_PATHS = ["posts"]
PAGE_PATHS = []
STATIC_PATHS = []
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%d %B %Y"
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = "posts"
TYPOGRIFY = False
# The built-in "simple" theme: minimal markup, and it copes with categories being off.
THEME = "simple"

# Clean builds only: no content cache.
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
DELETE_OUTPUT_DIRECTORY = False

# URLs in the same shape as sitegen's.
ARTICLE_URL = "posts/{{slug}}/"
ARTICLE_SAVE_AS = "posts/{{slug}}/index.html"
TAG_URL = "tags/{{slug}}/"
TAG_SAVE_AS = "tags/{{slug}}/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
AUTHOR_URL = "authors/{{slug}}/"
AUTHOR_SAVE_AS = "authors/{{slug}}/index.html"
AUTHORS_URL = "authors/"
AUTHORS_SAVE_AS = "authors/index.html"
ARCHIVES_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
PAGE_SAVE_AS = ""
DRAFT_SAVE_AS = ""

# Home, tag and author pages paginated by {per_page}.
DEFAULT_PAGINATION = {per_page}
PAGINATED_TEMPLATES = {{"index": None, "tag": None, "author": None}}
PAGINATION_PATTERNS = (
    (1, "{{url}}", "{{save_as}}"),
    (2, "{{base_name}}/page/{{number}}/", "{{base_name}}/page/{{number}}/index.html"),
)

# Exactly one feed: Atom, all posts.
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_MAX_ITEMS = {feed_length}
FEED_ATOM = None
FEED_RSS = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
'''


def write_pelican(posts: list[Post], root: Path) -> None:
    write(root / "pelicanconf.py", PELICANCONF.format(
        sitename=SITE_TITLE, siteurl=BASE_URL.rstrip("/"), per_page=PER_PAGE, feed_length=FEED_LENGTH))
    names = {aid: name for aid, name, _ in AUTHORS}
    for p in posts:
        header = "\n".join([
            f"Title: {p.title}",
            f"Date: {p.date}",
            f"Author: {names[p.author]}",
            f"Tags: {', '.join(p.tags)}",
            f"Slug: {p.slug}",
            f"Summary: {p.summary}",
        ])
        write(root / "content" / "posts" / str(p.year) / f"{p.slug}.md", header + "\n\n" + p.body)


HUGO_TOML = '''\
# Generated by benchmarks/corpus.py: the same blog pages as the sitegen and Pelican sites.
baseURL = "{base_url}"
locale = "en"
title = "{title}"
timeZone = "UTC"
enableGitInfo = false
enableRobotsTXT = false
disableKinds = ["section"]

[params]
description = "{description}"

[taxonomies]
tag = "tags"
author = "authors"

[pagination]
pagerSize = {per_page}
disableAliases = true   # no /page/1/ redirect pages

# Exactly one feed: RSS for the home page only.
[outputs]
home = ["html", "rss"]
page = ["html"]
taxonomy = ["html"]
term = ["html"]

[services.rss]
limit = {feed_length}

[permalinks.page]
posts = "/posts/:slug/"
'''

HUGO_LAYOUTS = {
    "baseof.html": '''\
<!DOCTYPE html>
<html lang="{{ site.Language.Locale }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} · {{ site.Title }}{{ end }}</title>
<meta name="description" content="{{ with .Summary }}{{ . | plainify }}{{ else }}{{ site.Params.description }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
{{ with site.Home.OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .Permalink }}" title="{{ site.Title }}">{{ end }}
</head>
<body>
<header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<nav><a href="{{ "tags/" | relURL }}">Tags</a> <a href="{{ "authors/" | relURL }}">Authors</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer><p>{{ site.Params.description }}</p></footer>
</body>
</html>
''',
    "single.html": '''\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
{{ partial "byline.html" . }}
{{ .Content }}
{{ partial "tags.html" . }}
</article>
{{ end }}
''',
    # All regular pages are posts here.  The usual `where site.RegularPages "Section" "posts"`
    # would be re-filtered on each of the home's pager pages: about 25 s more CPU at 10,000 posts.
    "home.html": '''\
{{ define "main" }}
{{ $pager := .Paginate site.RegularPages }}
{{ range $pager.Pages }}{{ partial "summary.html" . }}{{ end }}
{{ partial "pager.html" $pager }}
{{ end }}
''',
    "list.html": '''\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pager := .Paginate .Pages }}
{{ range $pager.Pages }}{{ partial "summary.html" . }}{{ end }}
{{ partial "pager.html" $pager }}
{{ end }}
''',
    "term.html": '''\
{{ define "main" }}
{{ if eq .Data.Plural "authors" }}
<h1>{{ .Title }}</h1><p>{{ .Params.tagline }}</p><div>{{ .Params.bio | markdownify }}</div>
<ul>{{ range .Params.links }}<li><a href="{{ .url }}">{{ .name }}</a></li>{{ end }}</ul>
{{ else }}
<h1>Posts tagged “{{ .Title }}”</h1>
{{ end }}
{{ $pager := .Paginate .Pages }}
{{ range $pager.Pages }}{{ partial "summary.html" . }}{{ end }}
{{ partial "pager.html" $pager }}
{{ end }}
''',
    "taxonomy.html": '''\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Data.Terms.ByCount }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>
{{ end }}
</ul>
{{ end }}
''',
    "_partials/byline.html": '''\
<p class="byline">By {{ range $i, $a := .GetTerms "authors" }}{{ if $i }}, {{ end }}<a href="{{ $a.RelPermalink }}">{{ $a.LinkTitle }}</a>{{ end }}
· <time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "2 January 2006" }}</time>
· {{ .ReadingTime }} min read</p>
''',
    "_partials/tags.html": '''\
{{ with .GetTerms "tags" }}<ul class="tags">{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}
''',
    "_partials/summary.html": '''\
<article class="summary">
<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
{{ partial "byline.html" . }}
<p>{{ .Summary }}</p>
{{ partial "tags.html" . }}
</article>
''',
    "_partials/pager.html": '''\
{{ if gt .TotalPages 1 }}<nav class="pager">
{{ with .Prev }}<a rel="prev" href="{{ .URL }}">Newer</a>{{ end }}
<span>Page {{ .PageNumber }} of {{ .TotalPages }}</span>
{{ with .Next }}<a rel="next" href="{{ .URL }}">Older</a>{{ end }}
</nav>{{ end }}
''',
}


def write_hugo(posts: list[Post], root: Path) -> None:
    write(root / "hugo.toml", HUGO_TOML.format(
        base_url=BASE_URL, title=SITE_TITLE, description=SITE_DESCRIPTION,
        per_page=PER_PAGE, feed_length=FEED_LENGTH))
    # Author term pages get their name, tagline, bio and links from a branch bundle each.
    for aid, name, tagline in AUTHORS:
        write(root / "content" / "authors" / aid / "_index.md", "\n".join([
            "---",
            f"title: {q(name)}",
            f"tagline: {q(tagline)}",
            f"bio: {q(author_bio(aid, name, tagline))}",
            "links:",
            f'  - name: "Website"\n    url: "https://authors.example.org/{aid}"',
            f'  - name: "Mastodon"\n    url: "https://social.example.org/@{aid}"',
            "---",
        ]) + "\n")
    for name, text in HUGO_LAYOUTS.items():
        write(root / "layouts" / name, text)
    for p in posts:
        fm = "\n".join([
            "---",
            f"title: {q(p.title)}",
            f"date: {p.date}",
            f"slug: {p.slug}",
            f"authors: [{p.author}]",
            "tags: [" + ", ".join(q(t) for t in p.tags) + "]",
            f"summary: {q(p.summary)}",
            "---",
        ])
        write(root / "content" / "posts" / f"{p.slug}.md", fm + "\n\n" + p.body)


def generate(n: int, out: Path) -> None:
    posts = make_posts(n)
    for name, fn in (("sitegen", write_sitegen), ("pelican", write_pelican), ("hugo", write_hugo)):
        target = out / name
        if target.exists():
            shutil.rmtree(target)
        fn(posts, target)


def main(argv: list[str]) -> int:
    if len(argv) != 3 or not argv[1].isdigit() or int(argv[1]) < 1:
        print("usage: python benchmarks/corpus.py N OUT_DIR", file=sys.stderr)
        return 2
    n, out = int(argv[1]), Path(argv[2])
    out.mkdir(parents=True, exist_ok=True)
    generate(n, out)
    print(f"wrote {n} posts to {out}/sitegen, {out}/pelican and {out}/hugo")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
