"""A deterministic generator of a large sitegen site, for the end-to-end tests.

``generate(root, n_posts=300)`` writes ``sitegen.toml``, ``content/authors.yaml``, author
avatars and ``content/posts/<year>/*.md`` (with a few covers and in-body images) and returns
a `Corpus` that says what it wrote: the expected URL, date, author and tags of every post,
computed here without asking sitegen. The same arguments always write the same bytes: one
seeded ``random.Random``, no clock, no set iteration.

What the posts contain, on purpose:

* titles in Latin script with accents, in Chinese, with ``&``, quotes, ``<`` and colons;
  a few file names (hence slugs and URLs) that are not ASCII;
* headings of levels 2 and 3, bullet and numbered lists, a table, a footnote, fenced code
  with a language (and some without one), block quotes;
* links to other posts written as relative ``.md`` links (same folder, other year's folder,
  with and without a ``#heading`` fragment), links to external sites;
* covers and in-body images next to the post, front matter dates in several forms and zones;
* 25 tags whose use is skewed (a Zipf law), one author with no posts, a few drafts.

Run it by hand to look at a site: ``python tests/e2e/sitegen_corpus.py OUT_DIR [N]``.
"""

from __future__ import annotations

import json
import random
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

SEED = 20260101
START = datetime(2023, 1, 1, tzinfo=UTC)
END = datetime(2025, 12, 30, tzinfo=UTC)          # every post (in UTC) is before 2026-01-01

# id, name, tagline, bio (Markdown), avatar?, links, weight (how often they write)
AUTHORS = [
    ("mara-lindqvist", "Mara Lindqvist", "Batteries, cells and the chemistry in between.",
     "Mara covers **battery supply chains** from mine to module. Before this she spent six years "
     "in cell testing.\n\nShe answers mail about *LFP* vs *NMC* faster than about anything else.",
     True, [("Personal site", "https://example.org/mara"), ("Mastodon", "https://example.social/@mara")], 9),
    ("zoe-fischer", "Zoë Fischer", "European markets and policy.",
     "Zoë follows registrations, subsidies and tariffs across the EU, from Brussels.", False,
     [("Newsletter", "https://example.net/zoe")], 7),
    ("li-ming", "李明 (Li Ming)", "China's carmakers, from Shenzhen.",
     "Li Ming reports on BYD, 小米 and the rest of China's EV makers. "
     "He reads the [MIIT filings](https://example.cn/miit) so you don't have to.", True, [], 6),
    ("jose-alvarez", "José Álvarez", "Charging networks and grids.",
     "José writes about chargers, grids and why a kilowatt is not a kilowatt-hour.", False,
     [("Site", "https://example.es/jose")], 4),
    ("priya-nair", "Priya Nair", "Follows the money: earnings, margins and capital.",
     "Priya reads quarterly reports line by line.", True, [("LinkedIn", "https://example.com/in/priya")], 3),
    ("tom-okafor", "Tom Okafor", "", "Tom tests cars, mostly in the rain.", False, [], 2),
    ("ev-desk", "EV Notebook Desk", "Short, sourced notes on the electric-vehicle business.",
     "The desk's byline for round-ups and corrections.", True, [("Project site", "https://example.com/")], 2),
    ("guest-editor", "Guest Editor", "Invited pieces (none published yet).", "", False, [], 0),
]

# name, expected slug; in order of popularity (weights follow a Zipf law over this order)
TAGS = [
    ("EV Sales", "ev-sales"), ("China", "china"), ("Batteries", "batteries"), ("Tesla", "tesla"),
    ("Europe", "europe"), ("Charging", "charging"), ("BYD", "byd"), ("Policy", "policy"),
    ("Pricing", "pricing"), ("Supply Chain", "supply-chain"), ("Software", "software"),
    ("Earnings", "earnings"), ("Xiaomi", "xiaomi"), ("Volkswagen", "volkswagen"), ("LFP", "lfp"),
    ("Solid-State", "solid-state"), ("Tariffs", "tariffs"), ("Škoda", "skoda"), ("Autonomy", "autonomy"),
    ("Trucks", "trucks"), ("Grid", "grid"), ("Recycling", "recycling"), ("Hydrogen", "hydrogen"),
    ("小米", "小米"), ("Motorsport", "motorsport"),
]

# title subject, file-name stem (None: made from the title)
SUBJECTS = [
    ("小米 SU7", "小米-su7"), ("Škoda Elroq", "škoda-elroq"), ("Citroën ë-C3", "citroën-ë-c3"),
    ("BYD Seal", None), ("Tesla Model Y", None), ("Renault 5 E-Tech", None), ("Hyundai Ioniq 5", None),
    ("Kia EV3", None), ("VW ID.7", None), ("Polestar 4", None), ("Rivian R2", None), ("Lucid Gravity", None),
    ("NIO ET5", None), ("XPeng G6", None), ("Zeekr 001", None), ("Volvo EX30", None), ("BMW iX3", None),
    ("Mercedes CLA", None), ("Ford Mustang Mach-E", None), ("Chevrolet Equinox EV", None),
    ("Fiat Grande Panda", None), ("Dacia Spring", None), ("小鹏 MONA M03", "xpeng-mona-m03"),
    ("Peugeot e-208", None), ("Mini Aceman", None),
]
ANGLES = [
    "deliveries beat the estimates", "a price cut, read closely", "what the battery chemistry tells us",
    "charging curve, tested", "registrations by quarter", "supply-chain risks", "the software update",
    "residual values after two years", "margins & the cost of growth", "\"affordable\" at last?",
    "why the fleet buyers care", "range in winter: <300 km?", "the factory ramp", "a long-term review",
    "tariffs: who pays", "the order book",
]
HEADINGS = [
    "Market context", "The numbers", "What changed", "Pricing", "How it compares", "Supply side",
    "Methodology", "Risks", "The bull case", "The bear case", "What to watch", "Charging",
    "Software", "Production", "Reader questions", "Bottom line",
]
WORDS = ["battery", "pack", "cell", "module", "charger", "grid", "tariff", "subsidy", "margin", "volume", "factory", "ramp", "platform", "inverter", "motor", "range", "winter", "fleet", "lease", "residual", "warranty", "software", "update", "dealer", "order", "backlog", "quarter", "delivery", "registration", "forecast", "analyst", "estimate", "capacity", "gigafactory", "chemistry", "cathode", "anode", "lithium", "nickel", "iron", "phosphate", "sodium", "cost", "kilowatt", "hour"]
CODE = [
    ("python", "def cost_per_kwh(pack_cost, capacity_kwh):\n    \"\"\"Pack cost per kWh, rounded.\"\"\"\n"
               "    return round(pack_cost / capacity_kwh, 1)\n\nprint(cost_per_kwh(9_800, 75))\n"),
    ("json", '{\n  "model": "Elroq 85",\n  "battery_kwh": 82,\n  "wltp_km": 580\n}\n'),
    ("sql", "SELECT brand, SUM(units) AS units\nFROM registrations\nWHERE month >= '2025-01'\n"
            "GROUP BY brand ORDER BY units DESC;\n"),
    ("bash", "curl -s https://example.com/data.csv | cut -d, -f2 | sort | uniq -c\n"),
    ("", "plain text block, no language:\n  a   b   c\n"),
]


def expected_slug(text: str) -> str:
    """The slug a name should get (Latin accents dropped, other scripts kept); independent of sitegen."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c))).lower()
    kept = re.sub(r"[\s_/\\.·:;,+&|]+", "-", kept)
    kept = re.sub(r"[^\w-]", "", kept)
    return re.sub(r"-{2,}", "-", kept).strip("-")


@dataclass
class PostInfo:
    rel: str                 # content-relative file, e.g. posts/2024/kia-ev3-017.md
    slug: str
    title: str
    date: datetime           # the instant, timezone-aware
    author: str              # author id (== author slug here)
    tags: list[str]          # tag names as written
    draft: bool = False
    headings: list[tuple[str, str]] = field(default_factory=list)   # (text, expected id) of h2/h3
    cover: str = ""
    images: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"/posts/{self.slug}/"

    @property
    def tag_slugs(self) -> list[str]:
        return list(dict.fromkeys(expected_slug(t) for t in self.tags))


@dataclass
class Corpus:
    root: Path
    posts: list[PostInfo]
    authors: dict[str, str]  # id -> name

    @property
    def published(self) -> list[PostInfo]:
        """Published posts, newest first."""
        return sorted((p for p in self.posts if not p.draft), key=lambda p: p.date, reverse=True)


def _yaml(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)     # a JSON string is a YAML double-quoted scalar


def _sentence(rng: random.Random, n: int | None = None) -> str:
    words = [rng.choice(WORDS) for _ in range(n or rng.randint(8, 18))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _paragraph(rng: random.Random, sentences: int | None = None) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences or rng.randint(2, 4)))


def _svg(label: str, w: int, h: int, hue: int) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}">'
            f'<rect width="{w}" height="{h}" fill="hsl({hue},55%,45%)"/>'
            f'<text x="50%" y="55%" font-family="sans-serif" font-size="{h // 5}" fill="#fff" '
            f'text-anchor="middle">{label}</text></svg>\n')


def _link_to(src: PostInfo, dst: PostInfo) -> str:
    """A relative link from one post's file to another's, as an author would write it."""
    src_dir, dst_dir = src.rel.rsplit("/", 1)[0], dst.rel.rsplit("/", 1)[0]
    name = dst.rel.rsplit("/", 1)[1]
    return name if src_dir == dst_dir else f"../{dst_dir.rsplit('/', 1)[1]}/{name}"


def _unique_dates(rng: random.Random, n: int) -> list[datetime]:
    span = int((END - START).total_seconds())
    seen: set[int] = set()
    out = []
    while len(out) < n:
        s = rng.randrange(span) // 60 * 60               # whole minutes
        if s not in seen:
            seen.add(s)
            out.append(START + timedelta(seconds=s))
    return out


def _date_text(rng: random.Random, when: datetime, i: int) -> str:
    """The front matter form of a date: with a zone offset, in UTC, or a date alone (midnight UTC)."""
    form = i % 4
    if form == 0:
        return when.isoformat()
    if form == 1:
        zone = timezone(timedelta(hours=rng.choice([-5, 1, 2, 8])))
        return when.astimezone(zone).isoformat()
    if form == 2:
        return when.strftime("%Y-%m-%dT%H:%M:%SZ")
    return when.strftime("%Y-%m-%d %H:%M:%S+00:00")


def _plan(rng: random.Random, n_posts: int) -> list[PostInfo]:
    dates = _unique_dates(rng, n_posts)
    author_ids = [a[0] for a in AUTHORS]
    author_weights = [a[6] for a in AUTHORS]
    tag_weights = [1 / (rank + 1) ** 1.1 for rank in range(len(TAGS))]
    posts: list[PostInfo] = []
    used_stems: set[str] = set()
    for i in range(n_posts):
        subject, stem = SUBJECTS[rng.randrange(len(SUBJECTS))] if i % 7 else SUBJECTS[i // 7 % 3]
        angle = rng.choice(ANGLES)
        title = f"{subject}: {angle}"
        base = stem or expected_slug(subject)
        file_stem = f"{base}-{i:03d}"
        assert file_stem not in used_stems
        used_stems.add(file_stem)
        when = dates[i]
        # one author per post; every writing author gets at least a few posts
        author = author_ids[i % 7] if i < 21 else rng.choices(author_ids, author_weights)[0]
        k = rng.choice([1, 1, 2, 2, 3, 4])
        tags: list[str] = []
        while len(tags) < k:
            name = rng.choices([t[0] for t in TAGS], tag_weights)[0]
            if name not in tags:
                tags.append(name)
        if i < len(TAGS) and TAGS[i][0] not in tags:     # every tag is used at least once
            tags[-1] = TAGS[i][0]
        chosen = rng.sample(HEADINGS, rng.randint(3, 5))
        headings = [(h, expected_slug(h)) for h in chosen]
        posts.append(PostInfo(rel=f"posts/{when.year}/{file_stem}.md", slug=expected_slug(file_stem), title=title,
                              date=when, author=author, tags=tags, headings=headings,
                              draft=(i % 97 == 50)))
    return posts


def _body(rng: random.Random, post: PostInfo, i: int, others: list[PostInfo]) -> str:
    """Markdown for one post; `others` are published posts it may link to."""
    out: list[str] = []
    first = _paragraph(rng, 2)
    if others and i % 3 == 0:
        target = rng.choice(others)
        first += f" We looked at this before in [{target.title.split(':')[0]}]({_link_to(post, target)})."
    out.append(first)
    if i % 2 == 0:
        out.append("<!-- more -->")
    for n, (heading, _hid) in enumerate(post.headings):
        level = "###" if n == 2 else "##"
        out.append(f"{level} {heading}")
        kind = (i + n) % 6
        if kind == 0:
            items = "\n".join(f"- {_sentence(rng, rng.randint(4, 9))}" for _ in range(rng.randint(2, 5)))
            out.append(items)
        elif kind == 1:
            rows = "\n".join(f"| {rng.randint(2023, 2025)} Q{rng.randint(1, 4)} | {rng.randint(1, 900):,} | "
                             f"{rng.uniform(-20, 60):+.1f} % |" for _ in range(rng.randint(3, 6)))
            out.append("| Period | Units | Change |\n| --- | ---: | ---: |\n" + rows)
        elif kind == 2:
            lang, code = CODE[(i + n) % len(CODE)]
            out.append(f"```{lang}\n{code}```")
        elif kind == 3:
            out.append("\n".join(f"{k}. {_sentence(rng, rng.randint(5, 10))}" for k in range(1, rng.randint(3, 5))))
        elif kind == 4:
            out.append("> " + _sentence(rng) + "\n>\n> — an analyst note")
        else:
            out.append(_paragraph(rng))
        out.append(_paragraph(rng))
    # always: a table, a footnote, an external link
    out.append("| Metric | Value |\n| --- | --- |\n"
               f"| Range (WLTP) | {rng.randint(300, 700)} km |\n| Battery | {rng.randint(40, 110)} kWh |\n"
               f"| Price | €{rng.randint(19, 90)},{rng.randint(0, 9)}00 |")
    out.append(f"The figures come from the maker's own filings.[^src] See also "
               f"[the original report](https://example.org/reports/{post.slug.encode('ascii', 'ignore').decode() or 'x'}-{i}).")
    if others:
        target = rng.choice(others)
        if i % 4 == 0 and target.headings:
            text, hid = rng.choice(target.headings)
            out.append(f"For the wider view, read [{text.lower()}]({_link_to(post, target)}#{hid}) "
                       f"in “{target.title}”.")
        else:
            out.append(f"Related: [{target.title}]({_link_to(post, target)}).")
    if post.headings and i % 5 == 1:
        text, hid = post.headings[-1]
        out.append(f"Skip to [{text.lower()}](#{hid}).")
    if post.images:
        for img in post.images:
            out.append(f"![A chart for {post.title.split(':')[0]}]({img})")
    out.append(f"[^src]: {_sentence(rng)} Published {post.date:%B %Y}.")
    return "\n\n".join(out) + "\n"


def _front_matter(rng: random.Random, post: PostInfo, i: int) -> str:
    lines = ["---", f"title: {_yaml(post.title)}", f"date: {_date_text(rng, post.date, i)}",
             f"author: {post.author}"]
    if i % 5 == 3:
        lines.append("tags: " + ", ".join(post.tags))            # the comma-separated form
    else:
        lines.append("tags: [" + ", ".join(_yaml(t) for t in post.tags) + "]")
    if i % 3 == 1:
        lines.append(f"summary: {_yaml('In short: ' + post.title + ' & what it means for buyers.')}")
    if post.cover:
        lines.append(f"cover: {post.cover}")
        lines.append(f"cover_alt: {_yaml('Illustration for ' + post.title)}")
    if post.draft:
        lines.append("draft: true")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def _authors_yaml(root: Path) -> None:
    out = []
    for aid, name, tagline, bio, avatar, links, _ in AUTHORS:
        out.append(f"{aid}:")
        out.append(f"  name: {_yaml(name)}")
        if tagline:
            out.append(f"  tagline: {_yaml(tagline)}")
        if bio:
            out.append("  bio: |")
            out.extend(f"    {line}" if line else "" for line in bio.split("\n"))
        if avatar:
            out.append(f"  avatar: images/authors/{aid}.svg")
            path = root / "content" / "images" / "authors" / f"{aid}.svg"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_svg(name[:1], 96, 96, sum(map(ord, aid)) % 360), "utf-8")
        if links:
            out.append("  links:")
            for lname, url in links:
                out.append(f"    - name: {_yaml(lname)}")
                out.append(f"      url: {_yaml(url)}")
    (root / "content" / "authors.yaml").write_text("\n".join(out) + "\n", "utf-8")


def generate(root: Path, n_posts: int = 300, seed: int = SEED) -> Corpus:
    """Write a site of `n_posts` posts into `root` (created if needed) and describe it."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    (root / "sitegen.toml").write_text(
        'title = "EV Industry Analysis"\n'
        'description = "A generated corpus of electric-vehicle industry analysis for end-to-end tests."\n'
        'base_url = "https://example.com/"\nlanguage = "en"\ntimezone = "UTC"\nposts_per_page = 10\n', "utf-8")
    _authors_yaml(root)
    posts = _plan(rng, n_posts)
    for i, post in enumerate(posts):
        folder = root / "content" / post.rel.rsplit("/", 1)[0]
        if i % 15 == 4:
            post.cover = f"images/cover-{i:03d}.svg"
        if i % 20 == 7:
            post.images.append(f"images/chart-{i:03d}.svg")
        for asset in ([post.cover] if post.cover else []) + post.images:
            path = folder / asset
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_svg(post.title.split(":")[0], 1200, 630, (i * 37) % 360), "utf-8")
    published = [p for p in posts if not p.draft]
    for i, post in enumerate(posts):
        others = [p for p in published if p is not post]
        text = _front_matter(rng, post, i) + _body(rng, post, i, others)
        path = root / "content" / post.rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return Corpus(root=root, posts=posts, authors={a[0]: a[1] for a in AUTHORS})


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: sitegen_corpus.py OUT_DIR [N_POSTS]")
    c = generate(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 300)
    print(f"wrote {len(c.posts)} posts ({len(c.published)} published) to {c.root}")
