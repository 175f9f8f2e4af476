"""`sitegen init DIR`: a new site that builds at once, and a folder that holds anything is left alone."""

from __future__ import annotations

import re
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from conftest import run_cli, snapshot

from sitegen.commands import init
from sitegen.config import Config, validate
from sitegen.errors import UsageError

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)      # run_cli's SITEGEN_NOW is the same day


def test_init_then_build_publishes_the_first_post_and_the_about_page(tmp_path: Path):
    site = tmp_path / "blog"
    made = run_cli("init", str(site), "--title", "Notes on Cars", "--author", "Ada Lovelace")
    assert made.returncode == 0, made.stderr
    assert "sitegen serve" in made.stdout              # it says what to do next
    built = run_cli("build", str(site))
    assert built.returncode == 0, built.stderr
    assert "warning" not in built.stderr
    out = site / "output"
    post = (out / "posts" / "hello-world" / "index.html").read_text("utf-8")
    assert "Hello, world" in post and "Ada Lovelace" in post
    assert "Notes on Cars" in (out / "index.html").read_text("utf-8")
    assert "<h1" in (out / "about" / "index.html").read_text("utf-8")
    assert (out / "authors" / "ada-lovelace" / "index.html").is_file()
    # the post's link to the About page by its file became the page's address
    assert 'href="../../about/index.html"' in post


def test_the_files_it_writes(tmp_path: Path):
    made = init.init_site(tmp_path / "s", title="T", now=NOW)
    assert set(made.written) == {"sitegen.toml", "content/posts/2026/hello-world.md", "content/pages/about.md",
                                 ".gitignore", ".github/workflows/deploy.yml", "DEPLOY.md"}
    assert sorted(p.relative_to(made.root).as_posix() for p in made.root.rglob("*") if p.is_file()) == sorted(made.written)
    # no author given: no authors file, and the post names nobody
    assert "author" not in (made.root / made.first_post).read_text("utf-8").split("---")[1]
    ignored = (made.root / ".gitignore").read_text("utf-8").split()
    assert "output/" in ignored and ".sitegen-cache/" in ignored


def test_every_config_key_it_writes_set_or_commented_is_accepted_by_the_schema(tmp_path: Path):
    text = (init.init_site(tmp_path / "s", title='Quotes " and \\ back', base_url="https://example.org/blog/",
                           now=NOW).root / "sitegen.toml").read_text("utf-8")
    config = validate(tomllib.loads(text), text)
    assert (config.title, config.base_url) == ('Quotes " and \\ back', "https://example.org/blog/")
    # uncomment every "# key = value" and "# [table]" line: still valid, and every key known
    uncommented = "\n".join(re.sub(r"^# (?=\[|[a-z_]+ = )", "", line) for line in text.splitlines())
    assert uncommented.count("\n# ") < text.count("\n# ")
    raw = tomllib.loads(uncommented)
    assert {"timezone", "posts_per_page", "permalink", "search", "menu", "images"} <= set(raw)
    full = validate(raw, uncommented)
    # the commented values are the real defaults: uncommenting one changes nothing
    for key in ("timezone", "posts_per_page", "permalink", "feed_length", "toc", "search", "comments"):
        assert getattr(full, key) == getattr(Config(), key), key
    assert full.images == Config().images
    assert full.menu[0].url == "/tags/"


def test_the_workflow_deploys_to_github_pages_and_keeps_the_build_state(tmp_path: Path):
    spec = "sitegen @ git+https://git.example/team/sitegen@" + "a" * 40
    root = init.init_site(tmp_path / "s", now=NOW, install=spec).root
    text = (root / ".github" / "workflows" / "deploy.yml").read_text("utf-8")
    flow = yaml.safe_load(text)
    build_steps, deploy_steps = flow["jobs"]["build"]["steps"], flow["jobs"]["deploy"]["steps"]
    uses = [s.get("uses", "").split("@")[0] for s in build_steps + deploy_steps]
    for action in ("actions/checkout", "actions/setup-python", "actions/cache", "actions/upload-pages-artifact",
                   "actions/deploy-pages"):
        assert action in uses
    cache = next(s for s in build_steps if s.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"] == ".sitegen-cache"
    # a key per run (caches are never overwritten) restored from the newest earlier one by prefix
    assert "github.run_id" in cache["with"]["key"]
    assert cache["with"]["key"].startswith(cache["with"]["restore-keys"].strip())
    runs = " ".join(s.get("run", "") for s in build_steps)
    install = next(s for s in build_steps if s.get("name") == "Install sitegen")
    assert install["env"]["SITEGEN"] == spec and 'pip install "$SITEGEN"' in install["run"]
    assert "sitegen build" in runs and "pin" in text.lower()
    assert "sitegen==" not in text        # PyPI's "sitegen" is another project
    upload = next(s for s in build_steps if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "output"
    assert flow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert "${{ steps.pages.outputs.base_url }}" in runs     # the template's braces came out right


def test_what_deploy_md_promises_the_build_makes(tmp_path: Path):
    root = init.init_site(tmp_path / "s", now=NOW).root
    note = (root / "DEPLOY.md").read_text("utf-8")
    assert "Netlify" in note and "Cloudflare Pages" in note and "_headers" in note and "_redirects" in note
    about = root / "content" / "pages" / "about.md"
    about.write_text(about.read_text("utf-8").replace("menu: 1\n", "menu: 1\naliases: [/about-us/]\n"), "utf-8")
    assert run_cli("build", str(root)).returncode == 0
    assert "/assets/*" in (root / "output" / "_headers").read_text("utf-8")
    assert "/about-us/ /about/ 301" in (root / "output" / "_redirects").read_text("utf-8")


def test_a_folder_that_is_not_empty_is_refused_and_left_untouched(tmp_path: Path):
    site = tmp_path / "blog"
    site.mkdir()
    (site / "notes.txt").write_text("mine", "utf-8")
    before = snapshot(site)
    result = run_cli("init", str(site))
    assert result.returncode == 2
    assert "not empty" in result.stderr and "new folder" in result.stderr
    assert snapshot(site) == before
    assert sorted(p.name for p in site.iterdir()) == ["notes.txt"]


def test_a_missing_folder_is_created_and_an_empty_one_is_used(tmp_path: Path):
    assert run_cli("init", str(tmp_path / "a" / "b" / "blog")).returncode == 0
    assert (tmp_path / "a" / "b" / "blog" / "sitegen.toml").is_file()
    (tmp_path / "empty").mkdir()
    assert run_cli("init", str(tmp_path / "empty")).returncode == 0
    assert (tmp_path / "empty" / "DEPLOY.md").is_file()


def test_a_file_in_place_of_the_folder_and_bad_options_write_nothing(tmp_path: Path):
    (tmp_path / "blog").write_text("x", "utf-8")
    result = run_cli("init", str(tmp_path / "blog"))
    assert result.returncode == 2 and "is a file" in result.stderr
    result = run_cli("init", str(tmp_path / "new"), "--base-url", "example.com")
    assert result.returncode == 2 and "--base-url https://" in result.stderr
    assert not (tmp_path / "new").exists()
    assert run_cli("init", str(tmp_path / "new"), "--title", " ").returncode == 2
    assert not (tmp_path / "new").exists()


def test_a_write_that_fails_halfway_takes_back_only_what_it_wrote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # the second file needs a folder where the first file is: the write fails after one file
    monkeypatch.setattr(init, "plan", lambda *a, **k: {"sub/a.txt": "1", "sub/a.txt/b.txt": "2"})
    with pytest.raises(OSError):
        init.init_site(tmp_path / "new" / "blog")
    assert not (tmp_path / "new").exists()          # nor the missing folder above it
    (tmp_path / "empty").mkdir()
    with pytest.raises(OSError):
        init.init_site(tmp_path / "empty")
    assert (tmp_path / "empty").is_dir() and list((tmp_path / "empty").iterdir()) == []


def test_empty_author_is_a_usage_error():
    with pytest.raises(UsageError):
        init.plan(author="  ")


def test_help_names_the_options():
    result = run_cli("init", "--help")
    assert result.returncode == 0
    assert "usage: sitegen init" in result.stdout
    for option in ("--title", "--author", "--base-url"):
        assert option in result.stdout


# -- where the workflow installs sitegen from (PyPI's "sitegen" is another project) --------------

def test_the_install_spec_comes_from_a_git_install_pinned_to_its_commit():
    from sitegen.commands.install_source import spec_from
    commit = "0123456789abcdef0123456789abcdef01234567"
    assert spec_from({"url": "https://github.com/team/sitegen.git", "vcs_info": {"vcs": "git", "commit_id": commit}}) \
        == f"sitegen @ git+https://github.com/team/sitegen@{commit}"
    assert spec_from({"url": "git@github.com:team/sitegen.git", "vcs_info": {"vcs": "git", "commit_id": commit}}) \
        == f"sitegen @ git+https://github.com/team/sitegen@{commit}"


def test_an_install_from_a_checkout_is_looked_up_in_its_origin_remote():
    from sitegen.commands.install_source import spec_from
    commit = "89abcdef0123456789abcdef0123456789abcdef"
    answers = {("remote", "get-url", "origin"): "ssh://git@code.example:22/team/sitegen.git\n",
               ("rev-parse", "HEAD"): commit + "\n"}
    seen = []

    def git(folder, *args):
        seen.append(folder)
        return answers.get(args)
    direct = {"url": "file:///home/me/src/sitegen%20copy", "dir_info": {"editable": True}}
    assert spec_from(direct, git) == f"sitegen @ git+https://code.example/team/sitegen@{commit}"
    assert seen[0] == Path("/home/me/src/sitegen copy")
    # a checkout with no remote, or a remote that is only a local path, gives no address
    assert spec_from(direct, lambda folder, *args: None) is None
    assert spec_from(direct, lambda folder, *args: "/srv/git/sitegen" if args[0] == "remote" else commit) is None
    assert spec_from(None) is None and spec_from({"url": "https://files.example/sitegen.tar.gz"}) is None


def test_with_no_known_source_the_workflow_stops_with_what_to_set(tmp_path: Path, monkeypatch):
    from sitegen.commands import install_source
    monkeypatch.setattr(install_source, "install_spec", lambda: None)
    root = init.init_site(tmp_path / "s", now=NOW).root
    flow = yaml.safe_load((root / ".github" / "workflows" / "deploy.yml").read_text("utf-8"))
    install = next(s for s in flow["jobs"]["build"]["steps"] if s.get("name") == "Install sitegen")
    assert install["env"]["SITEGEN"] == install_source.PLACEHOLDER
    script = install["run"]
    # the step's own shell test: it fails with the message while SITEGEN is the placeholder
    import subprocess
    check = script.split("pip install")[0]
    done = subprocess.run(["bash", "-c", check], env={"SITEGEN": install_source.PLACEHOLDER, "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True)
    assert done.returncode == 1 and "set SITEGEN" in done.stdout
    done = subprocess.run(["bash", "-c", check], env={"SITEGEN": "sitegen @ git+https://x.example/a/b@c", "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True)
    assert done.returncode == 0
