import pytest

from sitegen import urls
from sitegen.errors import SitegenError


@pytest.mark.parametrize("title, slug", [
    ("Xiaomi Targets 550,000 EV Sales in 2026", "xiaomi-targets-550000-ev-sales-in-2026"),
    ("小米 SU7", "小米-su7"),
    ("Škoda Elroq", "skoda-elroq"),
    ("Citroën ë-C3: first drive", "citroen-e-c3-first-drive"),
    ("  Tesla's   Model Y!  ", "teslas-model-y"),
    ("Straße & Ørsted", "strasse-orsted"),
])
def test_slugify_gives_stable_readable_slugs(title, slug):
    assert urls.slugify(title) == slug
    assert urls.slugify(title) == urls.slugify(title)


@pytest.mark.parametrize("bad", ["../x", "a/../../b", "..", "a\\b"])
def test_safe_url_refuses_escapes(bad):
    with pytest.raises(SitegenError):
        urls.safe_url(bad)


def test_output_path_of_folder_urls_is_index_html():
    assert urls.output_path("/") == "index.html"
    assert urls.output_path("/posts/x/") == "posts/x/index.html"
    assert urls.output_path("/feed.xml") == "feed.xml"


@pytest.mark.parametrize("src, dst, rel", [
    ("/", "/posts/x/", "posts/x/index.html"),
    ("/posts/x/", "/", "../../index.html"),
    ("/posts/x/", "/tags/ev/", "../../tags/ev/index.html"),
    ("/tags/ev/page/2/", "/static/css/style.css", "../../../../static/css/style.css"),
    ("/posts/x/", "/posts/y/#part", "../../posts/y/index.html#part"),
    ("/404.html", "/archive/", "archive/index.html"),
])
def test_relative_links_climb_to_the_root_and_name_index_html(src, dst, rel):
    assert urls.relative(src, dst) == rel


def test_non_ascii_urls_are_percent_encoded():
    assert urls.absolute("https://example.com/blog/", "/posts/小米-su7/") == \
        "https://example.com/blog/posts/%E5%B0%8F%E7%B1%B3-su7/"


def test_post_url_pattern_uses_the_date():
    assert urls.post_url("/{year}/{month}/{slug}/", "x", 2026, 1, 5) == "/2026/01/x/"


@pytest.mark.parametrize("title, slug", [
    ("हिन्दी ब्लॉग", "हिन्दी-ब्लॉग"),          # vowel signs and the virama are letters' parts: not हनद-बलग
    ("বাংলা", "বাংলা"),
    ("தமிழ்", "தமிழ்"),
    ("ภาษาไทย ที่นี่", "ภาษาไทย-ที่นี่"),     # Thai tone marks
    ("Русский язык", "русский-язык"),        # й is a letter, not и with an accent
    ("Tiếng Việt", "tieng-viet"),            # accents on Latin letters still go
    ("Ελληνικά", "ελληνικα"),
    ("שָׁלוֹם", "שלום"),                      # Hebrew and Arabic vowel points are optional: they go
    ("مَرْحَبًا", "مرحبا"),
])
def test_slugify_keeps_the_marks_that_are_part_of_a_scripts_letters(title, slug):
    assert urls.slugify(title) == slug
