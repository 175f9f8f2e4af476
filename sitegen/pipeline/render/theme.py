"""Find themes and build the Jinja environment with the template search path.

Search order: the site's `templates/`, then the theme's `templates/`. A site template can
extend the template it replaces with ``{% extends "theme/post.html" %}``.
"""

from __future__ import annotations

import functools
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sitegen
from sitegen.errors import SitegenError


def builtin_themes_dir() -> Path:
    """The themes that ship with sitegen: inside the installed package (pyproject maps the
    repository's themes/ to sitegen/themes/), or the repository's own when run from source."""
    package = Path(sitegen.__file__).resolve().parent
    installed = package / "themes"
    return installed if (installed / "default").is_dir() else package.parent / "themes"


@dataclass(frozen=True)
class Theme:
    name: str
    path: Path

    @property
    def templates(self) -> Path:
        return self.path / "templates"

    @property
    def static(self) -> Path:
        return self.path / "static"


def find_theme(site_dir: Path, name: str) -> Theme:
    for base in (site_dir / "themes", builtin_themes_dir()):
        candidate = base / name
        if (candidate / "templates").is_dir():
            return Theme(name, candidate)
    known = sorted({p.name for b in (site_dir / "themes", builtin_themes_dir()) if b.is_dir()
                    for p in b.iterdir() if (p / "templates").is_dir()})
    raise SitegenError(f"theme '{name}' not found", file="sitegen.toml",
                       hint=f"put it in themes/{name}/templates/ or use one of: {', '.join(known) or 'default'}")


# Languages written right to left (BCP 47 primary subtags), and the scripts that are (ISO 15924):
# "ur" and "ar" are, "az-Arab" is, "ku-Latn" is not.
_RTL_LANGUAGES = frozenset({"ar", "arc", "azb", "bal", "ckb", "dv", "fa", "glk", "he", "iw", "khw", "ks", "lrc",
                            "mzn", "nqo", "pnb", "prs", "ps", "sd", "sdh", "syr", "ug", "ur", "yi"})
_RTL_SCRIPTS = frozenset({"adlm", "arab", "hebr", "mand", "nkoo", "rohg", "samr", "syrc", "thaa"})


def direction(language: str) -> str:
    """"rtl" for a language written right to left, else "ltr"."""
    parts = language.strip().lower().replace("_", "-").split("-")
    script = next((p for p in parts[1:] if len(p) == 4 and p.isalpha()), "")
    if script:
        return "rtl" if script in _RTL_SCRIPTS else "ltr"
    return "rtl" if parts[0] in _RTL_LANGUAGES else "ltr"


@functools.cache
def page_context() -> Any:
    """Jinja's Context with a shorter way to call a plain Python function.

    A template calls every function through Context.call, which looks for a pass_context (or
    pass_eval_context, pass_environment) mark on the callable and on its __call__, pops the loop's
    variables from the arguments, and calls: some 1 µs a call, 77,000 calls for the 1,543 pages
    of a 1,000-post blog (link, lang_url, author_of, tag_of, summary, entry, `_` ...). A Python
    function has no __call__ of its own a mark could be on, so its own mark is all there is to
    look at: with none, it is called with the arguments; with pass_context, outside a loop's or
    block's variables, with the context first. Anything else (a macro, a class, a builtin, a
    mark of another kind, a context to derive) takes Jinja's way.
    """
    from types import FunctionType

    from jinja2.runtime import Context
    from jinja2.utils import _PassArg, internalcode

    by_context = _PassArg.context

    class PageContext(Context):
        @internalcode
        def call(self, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
            if type(obj) is not FunctionType:
                return Context.call(self, obj, *args, **kwargs)
            mark = obj.__dict__.get("jinja_pass_arg")
            if kwargs:
                if mark is not None and (kwargs.get("_loop_vars") or kwargs.get("_block_vars")):
                    return Context.call(self, obj, *args, **kwargs)
                kwargs.pop("_block_vars", None)
                kwargs.pop("_loop_vars", None)
            if mark is by_context:
                args = (self, *args)
            elif mark is not None:
                return Context.call(self, obj, *args, **kwargs)
            try:
                return obj(*args, **kwargs)
            except StopIteration:
                return self.environment.undefined("value was undefined because a callable raised a"
                                                  " StopIteration exception")

    return PageContext


def make_environment(site_dir: Path, theme: Theme) -> Any:
    import jinja2  # only builds that render a page need it
    site_templates = site_dir / "templates"
    paths = [str(p) for p in (site_templates, theme.templates) if p.is_dir()]
    loader = jinja2.ChoiceLoader([
        jinja2.PrefixLoader({"theme": jinja2.FileSystemLoader(str(theme.templates))}, delimiter="/"),
        jinja2.FileSystemLoader(paths),
    ])
    from sitegen.pipeline.render import precompiled
    cache_dir = site_dir / ".sitegen-cache" / "jinja"
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        kept: Path | None = cache_dir
    except OSError:
        kept = None
    # the default theme's templates come compiled with sitegen (precompiled.py); others are
    # compiled once and kept between builds (keyed by the template's source)
    bytecode_cache = precompiled.bytecode_cache(kept)
    # auto_reload off: Jinja would stat a template's file at every lookup to see whether it changed
    # (8,627 lookups for the 1,543 pages of a 1,000-post blog: a page, its base, the macros, each
    # list entry and its macros). An environment lives for one build, or in the server until a
    # template changes, which takes the full build and a new environment (Editor.keep).
    env = jinja2.Environment(loader=loader, bytecode_cache=bytecode_cache,
                             autoescape=jinja2.select_autoescape(["html", "xml", "htm"]),
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True, auto_reload=False)
    env.context_class = page_context()
    env.globals["direction"] = direction       # {% if direction(config.language) == "rtl" %}
    env.extend(sitegen_folders=(site_dir, theme.path))     # where i18n.install finds the catalogues
    return env


def tree_fingerprint(*dirs: Path) -> str:
    """A hash of every file's path and bytes under these folders (for cache keys)."""
    h = hashlib.sha256()
    for d in dirs:
        if not d.is_dir():
            continue
        for root, subdirs, files in os.walk(d, followlinks=True):   # links are checked by sources.py
            subdirs.sort()
            for name in sorted(files):
                p = Path(root) / name
                h.update(str(p.relative_to(d)).encode())
                h.update(p.read_bytes())
    return h.hexdigest()


def template_error(exc: Exception, site_dir: Path) -> SitegenError:
    """A Jinja error as a SitegenError naming the template file and line."""
    filename = getattr(exc, "filename", None) or getattr(exc, "name", None)
    line = getattr(exc, "lineno", None)
    if filename is None:
        # runtime errors: find the innermost template frame in the traceback
        tb = exc.__traceback__
        while tb is not None:
            f = tb.tb_frame
            if f.f_code.co_filename.endswith((".html", ".xml", ".txt")):
                filename = f.f_code.co_filename
                line = tb.tb_lineno
            tb = tb.tb_next
    shown = filename or "template"
    try:
        shown = str(Path(shown).resolve().relative_to(site_dir.resolve()))
    except ValueError:
        pass
    message = getattr(exc, "message", None) or str(exc)
    return SitegenError(f"template error: {message}", file=shown, line=line,
                        hint="fix the template at that line (see the Jinja2 documentation for the syntax)")
