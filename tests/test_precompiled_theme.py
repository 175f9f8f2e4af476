"""The default theme's templates ship compiled (sitegen/pipeline/render/precompiled.py): the
generated code in sitegen/pipeline/render/theme_code/ is what Jinja makes of themes/default today,
a build of a site on the default theme compiles none of its templates, and anything that is not
exactly a default template (a site's own template, an edited copy) is compiled as before."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from conftest import ROOT, post, write_site

from sitegen.pipeline.render import precompiled, theme
from sitegen.pipeline.run import Options, build


def test_the_precompiled_templates_are_in_step_with_the_default_theme():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import precompile_theme
    finally:
        sys.path.pop(0)
    expected = precompile_theme.generate(ROOT / "themes" / "default")
    on_disk = {p.name: p.read_text("utf-8") for p in precompiled.code_dir().glob("*.py")}
    assert sorted(on_disk) == sorted(expected), "run .venv/bin/python scripts/precompile_theme.py"
    for name, text in expected.items():
        assert on_disk[name] == text, f"{name} is stale: run .venv/bin/python scripts/precompile_theme.py"


def _site(root: Path, **files: str) -> Path:
    return write_site(root, {"sitegen.toml": 'title = "T"\nbase_url = "https://example.org/"\n',
                             "content/posts/a.md": post(title="A", body="Text."), **files})


def _compiled(site: Path) -> list[str]:
    """The templates the build compiled (and kept in its bytecode cache)."""
    return sorted(p.name for p in (site / ".sitegen-cache" / "jinja").iterdir())


def test_a_build_on_the_default_theme_compiles_none_of_its_templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import jinja2

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"compiled {args[2] if len(args) > 2 else args}")

    monkeypatch.setattr(jinja2.Environment, "compile", refuse)
    site = _site(tmp_path / "site")
    build(Options(site_dir=site, output_dir=site / "output", workers=1))
    assert (site / "output" / "posts" / "a" / "index.html").is_file()
    assert _compiled(site) == []


def test_a_sites_own_template_and_an_edited_theme_are_compiled(tmp_path: Path):
    own = (ROOT / "themes" / "default" / "templates" / "post.html").read_text("utf-8") + "{# mine #}\n"
    site = _site(tmp_path / "site", **{"templates/post.html": own})
    build(Options(site_dir=site, output_dir=site / "output", workers=1))
    assert len(_compiled(site)) == 1
    assert (site / "output" / "posts" / "a" / "index.html").is_file()

    # a site's copy of the default theme, edited: its changed template is compiled, the others are not
    copy = _site(tmp_path / "copy")
    shutil.copytree(ROOT / "themes" / "default", copy / "themes" / "default")
    base = copy / "themes" / "default" / "templates" / "base.html"
    base.write_text(base.read_text("utf-8").replace("</body>", "<!-- edited --></body>"), "utf-8")
    build(Options(site_dir=copy, output_dir=copy / "output", workers=1))
    assert len(_compiled(copy)) == 1
    assert "<!-- edited -->" in (copy / "output" / "posts" / "a" / "index.html").read_text("utf-8")


def test_precompiled_code_names_the_templates_file_and_another_environment_compiles(tmp_path: Path):
    default = theme.find_theme(tmp_path, "default")
    env = theme.make_environment(tmp_path, default)
    from sitegen.pipeline.render import i18n
    i18n.install(env, "en", (tmp_path, default.path))
    path = default.templates / "post.html"
    source = path.read_text("utf-8")
    code = precompiled.code(env, "post.html", str(path), source)
    assert code is not None
    inner = [c for c in code.co_consts if hasattr(c, "co_filename")]
    assert inner and {code.co_filename, *(c.co_filename for c in inner)} == {str(path)}
    assert precompiled.code(env, "post.html", str(path), source + " ") is None      # other source
    assert precompiled.code(env, "page.html", str(path), source) is None             # other name
    env.trim_blocks = False                                                          # other options
    assert precompiled.code(env, "post.html", str(path), source) is None
