"""The default theme's templates, compiled ahead of time.

Jinja turns a template into Python source (parse, then generate) and compiles that; for the
default theme's templates this was about 60 ms of a 10-post clean build, a fifth of it. The
generated Python of every default template is kept in the package (`theme_code/t_*.py`, made by
`scripts/precompile_theme.py`; `tests/test_precompiled_theme.py` fails when it is out of step with
`themes/default/templates`), so a build imports it (Python keeps its bytecode in `__pycache__`)
instead of compiling the template.

A template is taken from there only when it is what Jinja would have compiled: a template of
that name whose source has the same SHA-1, in an environment whose compile-time options (the
Jinja version, syntax, whitespace options, extensions, gettext style, autoescaping) are the ones
it was generated with. Anything else (a site's own templates, an edited or other theme, another
Jinja) is compiled as before, through the bytecode cache in `.sitegen-cache/jinja`.
"""

from __future__ import annotations

import hashlib
from importlib.machinery import SourceFileLoader
from pathlib import Path
from types import CodeType
from typing import Any

_CODE_DIR = Path(__file__).resolve().parent / "theme_code"


def signature(env: Any) -> str:
    """What in the environment changes the Python Jinja generates for a template (besides the
    template's name, source and autoescaping), as a hash."""
    import jinja2
    options = (jinja2.__version__, env.block_start_string, env.block_end_string, env.variable_start_string,
               env.variable_end_string, env.comment_start_string, env.comment_end_string, env.line_statement_prefix,
               env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks, env.newline_sequence,
               env.keep_trailing_newline, env.optimized, env.is_async, env.finalize is None,
               env.code_generator_class.__qualname__, sorted(env.extensions),
               bool(getattr(env, "newstyle_gettext", False)))
    return hashlib.sha1(repr(options).encode("utf-8")).hexdigest()


def module_name(name: str) -> str:
    """`partials/entry.html` -> `t_partials__entry_html`."""
    return "t_" + name.replace("/", "__").replace(".", "_").replace("-", "_")


def _autoescape(env: Any, name: str) -> bool:
    return bool(env.autoescape(name) if callable(env.autoescape) else env.autoescape)


def _refile(code: CodeType, filename: str) -> CodeType:
    """The code (and the functions inside it) as compiled from `filename`: Jinja names the
    template's file in tracebacks and errors from its code's co_filename."""
    consts = tuple(_refile(c, filename) if isinstance(c, CodeType) else c for c in code.co_consts)
    return code.replace(co_filename=filename, co_consts=consts)


def code(env: Any, name: str, filename: str | None, source: str) -> CodeType | None:
    """The compiled template, when the precompiled one is exactly it; else None."""
    try:
        from sitegen.pipeline.render.theme_code import SIGNATURE, TEMPLATES
    except ImportError:
        return None
    entry = TEMPLATES.get(name)
    if entry is None:
        return None
    sha1, autoescape = entry
    if hashlib.sha1(source.encode("utf-8")).hexdigest() != sha1 or _autoescape(env, name) != autoescape \
            or signature(env) != SIGNATURE:
        return None
    module = module_name(name)
    path = _CODE_DIR / f"{module}.py"
    try:
        compiled = SourceFileLoader(module, str(path)).get_code(module)
    except (OSError, SyntaxError, ImportError):
        return None
    return _refile(compiled, filename or "<template>") if compiled is not None else None


def bytecode_cache(directory: Path | None) -> Any:
    """A Jinja bytecode cache that answers with the precompiled template where there is one, and
    else keeps compiled templates in `directory` (or nowhere, for None)."""
    import jinja2
    from jinja2.bccache import Bucket

    base: type[Any] = jinja2.FileSystemBytecodeCache if directory is not None else jinja2.BytecodeCache

    class Precompiled(base):  # type: ignore[misc]
        def get_bucket(self, environment: Any, name: str, filename: str | None, source: str) -> Any:
            found = code(environment, name, filename, source)
            if found is None:
                return super().get_bucket(environment, name, filename, source)
            bucket = Bucket(environment, "", "")
            bucket.code = found
            return bucket

        def load_bytecode(self, bucket: Any) -> None:      # (only reached without a directory)
            if directory is not None:
                super().load_bytecode(bucket)

        def dump_bytecode(self, bucket: Any) -> None:
            if directory is not None:
                super().dump_bytecode(bucket)

    return Precompiled(str(directory)) if directory is not None else Precompiled()


def code_dir() -> Path:
    """Where the precompiled templates are (scripts/precompile_theme.py writes them)."""
    return _CODE_DIR
