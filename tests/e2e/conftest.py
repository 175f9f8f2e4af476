"""Session fixtures of the end-to-end suite: each site is built once and checked by many clients.

Sites (the `site` fixture is parametrised over all three):

* ``sample``: the repository's sample blog at ``https://example.com/``;
* ``sample-subpath``: the same blog under ``https://example.com/blog/``;
* ``corpus``: a generated blog of 300 posts (see sitegen_corpus.py) at ``https://example.com/``.

What each site should contain is read from its sources here (front matter parsed with
PyYAML, slugs made by the corpus module's own rule), not from sitegen.

Tools that CI installs (vnu.jar with Java, Chromium with Playwright) make a test *fail* when
missing: a skip would hide a broken install.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import yaml

from sitegen.pipeline import Options, build

from .sitegen_corpus import expected_slug, generate

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
NOW = datetime(2026, 11, 25, tzinfo=UTC)    # builds never depend on the machine's clock
FEED_LENGTH = 20                                     # sitegen's default feed_length (neither site sets it)
SITES = ("sample", "sample-subpath", "corpus")
CORPUS_POSTS = 300


@dataclass(frozen=True)
class PostMeta:
    url: str                     # site URL, e.g. /posts/x/ (not encoded)
    title: str
    date: datetime
    author: str                  # author slug
    tags: tuple[str, ...]        # tag slugs


@dataclass
class Site:
    name: str
    site_dir: Path
    out: Path
    base_url: str
    posts: list[PostMeta]        # published, newest first
    authors: dict[str, str]      # slug -> name (every author of authors.yaml)
    tag_names: dict[str, str] = field(default_factory=dict)
    translations: list[PostMeta] = field(default_factory=list)   # posts in the other languages (/de/posts/…)

    @property
    def base_path(self) -> str:
        return "/" + self.base_url.split("://", 1)[1].split("/", 1)[1]

    def section(self, kind: str, slug: str = "") -> list[PostMeta]:
        """Posts of the whole site, a tag or an author, newest first."""
        if kind == "all":
            return self.posts
        if kind == "tags":
            return [p for p in self.posts if slug in p.tags]
        if kind == "authors":
            return [p for p in self.posts if p.author == slug]
        raise ValueError(kind)


def _as_datetime(value: object) -> datetime:
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        dt = datetime(value.year, value.month, value.day)
    else:
        dt = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)     # both sites use timezone = "UTC"


def read_site(name: str, site_dir: Path, out: Path, base_url: str) -> Site:
    """What a build of `site_dir` should publish, read from its sources."""
    authors_raw = yaml.safe_load((site_dir / "content" / "authors.yaml").read_text("utf-8")) or {}
    authors = {expected_slug(str(k)): str((v or {}).get("name") or k) for k, v in authors_raw.items()}
    import tomllib
    config_file = site_dir / "sitegen.toml"
    config = tomllib.loads(config_file.read_text("utf-8")) if config_file.is_file() else {}
    default = config.get("default_language") or config.get("language") or "en"
    others = [c for c in config.get("languages") or {} if c != default]
    posts, tag_names, translations = [], {}, []

    def front(path: Path) -> dict:
        return yaml.safe_load(path.read_text("utf-8").split("---", 2)[1]) or {}
    for path in sorted((site_dir / "content" / "posts").rglob("*.md")):
        meta = front(path)
        stem, _, code = path.stem.rpartition(".")
        if stem and code in others:      # a translation (xiaomi.de.md): its original's date and author
            original = {**front(path.with_name(stem + ".md")), **meta}
            slug = str(meta.get("slug") or expected_slug(stem))
            translations.append(PostMeta(url=f"/{code}/posts/{slug}/", title=str(meta["title"]),
                                         date=_as_datetime(original["date"]),
                                         author=expected_slug(str(original["author"])), tags=()))
            continue
        when = _as_datetime(meta["date"])
        if meta.get("draft") or when > NOW:
            continue
        tags = meta.get("tags") or []
        if isinstance(tags, str):
            tags = [t.strip() for t in tags.split(",") if t.strip()]
        for t in tags:
            tag_names.setdefault(expected_slug(str(t)), str(t))
        slug = str(meta.get("slug") or expected_slug(path.stem))
        posts.append(PostMeta(url=f"/posts/{slug}/", title=str(meta["title"]), date=when,
                              author=expected_slug(str(meta["author"])),
                              tags=tuple(dict.fromkeys(expected_slug(str(t)) for t in tags))))
    posts.sort(key=lambda p: p.date, reverse=True)
    return Site(name, site_dir, out, base_url, posts, authors, tag_names, translations)


def copy_sample(dest: Path) -> Path:
    """The repository's sample blog (content, config, data) in a folder of its own, so its build
    cache never lands in the shared work tree."""
    dest.mkdir(parents=True)
    shutil.copytree(ROOT / "content", dest / "content")
    shutil.copy(ROOT / "sitegen.toml", dest / "sitegen.toml")
    if (ROOT / "data").is_dir():
        shutil.copytree(ROOT / "data", dest / "data")
    return dest


def build_site(site_dir: Path, out: Path, base_url: str, **options: object) -> None:
    build(Options(site_dir=site_dir, output_dir=out, base_url=base_url, now=NOW, **options))


@pytest.fixture(scope="session")
def sample_root(tmp_path_factory: pytest.TempPathFactory) -> Site:
    tmp = tmp_path_factory.mktemp("sample-root")
    src = copy_sample(tmp / "site")
    build_site(src, tmp / "out", "https://example.com/")
    return read_site("sample", src, tmp / "out", "https://example.com/")


@pytest.fixture(scope="session")
def sample_subpath(tmp_path_factory: pytest.TempPathFactory) -> Site:
    tmp = tmp_path_factory.mktemp("sample-subpath")
    src = copy_sample(tmp / "site")
    build_site(src, tmp / "out", "https://example.com/blog/")
    return read_site("sample-subpath", src, tmp / "out", "https://example.com/blog/")


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Site:
    tmp = tmp_path_factory.mktemp("corpus")
    generated = generate(tmp / "site", CORPUS_POSTS)
    build_site(generated.root, tmp / "out", "https://example.com/")
    site = read_site("corpus", generated.root, tmp / "out", "https://example.com/")
    # the generic reader and the generator agree on what should be published
    assert [p.url for p in site.posts] == [p.url for p in generated.published]
    return site


@pytest.fixture(scope="session", params=SITES)
def site(request: pytest.FixtureRequest) -> Site:
    return request.getfixturevalue({"sample": "sample_root", "sample-subpath": "sample_subpath",
                                    "corpus": "corpus"}[request.param])


@pytest.fixture(scope="session")
def rebuild(tmp_path_factory: pytest.TempPathFactory):
    """A second, independent build of a site: fresh sources (the corpus generated again), a cold
    cache, one worker. Returns its output folder; made once per site."""
    made: dict[str, Path] = {}

    def again(site: Site) -> Path:
        if site.name not in made:
            tmp = tmp_path_factory.mktemp(f"rebuild-{site.name}")
            if site.name == "corpus":
                src = generate(tmp / "site", CORPUS_POSTS).root
            else:
                src = copy_sample(tmp / "site")
            build_site(src, tmp / "out", site.base_url, workers=1, use_cache=False)
            made[site.name] = tmp / "out"
        return made[site.name]

    return again


@pytest.fixture(scope="session")
def vnu_jar() -> Path:
    if not VNU_JAR.is_file():
        pytest.fail(f"the Nu Html Checker is missing: {VNU_JAR} (run `npm install --no-save --ignore-scripts "
                    "vnu-jar` in the repository, as `make test` does)", pytrace=False)
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is not installed: the Nu Html Checker needs it (apt-get install default-jre-headless)",
                    pytrace=False)
    probe = subprocess.run([java, "-XX:TieredStopAtLevel=1", "-jar", str(VNU_JAR), "--version"], capture_output=True, text=True, timeout=60)
    if probe.returncode != 0:
        pytest.fail(f"vnu.jar does not run: {probe.stderr or probe.stdout}", pytrace=False)
    return VNU_JAR


@pytest.fixture(scope="session")
def chromium() -> Path:
    if not CHROMIUM.is_file():
        pytest.fail(f"Chromium is missing at {CHROMIUM} (apt-get install chromium, as `make test` does)",
                    pytrace=False)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        pytest.fail(f"Playwright for Python is not installed ({exc}): pip install -e '.[test]'", pytrace=False)
    return CHROMIUM


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def axe_js(chromium: Path) -> Path:
    """axe-core, the accessibility engine, to inject into pages (installed from npm by `make test`)."""
    if not AXE_JS.is_file():
        pytest.fail(f"axe-core is missing: {AXE_JS} (run `npm install --no-save --ignore-scripts axe-core vnu-jar` "
                    "in the repository, as `make test` does)", pytrace=False)
    return AXE_JS


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def http_base(sample_root: Site, sample_subpath: Site, tmp_path_factory: pytest.TempPathFactory):
    """One server on 127.0.0.1 (port 0): the root build at /, the subpath build at /blog/.
    Returns {site name: the URL of its root}."""
    www = tmp_path_factory.mktemp("www")
    for item in sample_root.out.iterdir():
        (www / item.name).symlink_to(item, target_is_directory=item.is_dir())
    (www / "blog").symlink_to(sample_subpath.out, target_is_directory=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(www)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    root = f"http://127.0.0.1:{server.server_address[1]}/"
    yield {"sample": root, "sample-subpath": root + "blog/"}
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(chromium: Path):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(chromium), args=ARGS)
        yield b
        b.close()



@pytest.fixture(scope="session")
def callouts_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The golden fixture site (pages, a menu, aliases, every kind of callout) built under /blog/;
    returns its output folder."""
    tmp = tmp_path_factory.mktemp("callouts")
    shutil.copytree(ROOT / "tests" / "fixtures" / "golden-site", tmp / "site")
    build_site(tmp / "site", tmp / "out", "https://example.com/blog/")
    return tmp / "out"
