"""The package's layout is its architecture: imports flow one way, modules stay small.

cli -> commands / serve / importers -> pipeline -> the shared vocabulary (top-level modules);
the toolkit is reached from the pipeline only through toolkit/hooks.py, and imports nothing of it.
No module imports, even inside a function, a module that imports it back.
"""

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "sitegen"
VOCABULARY = {"sitegen", "sitegen.config", "sitegen.errors", "sitegen.frozen", "sitegen.model", "sitegen.nesting", "sitegen.safeyaml",
              "sitegen.urls"}

# What each subpackage may import from sitegen besides the vocabulary (itself always).
ALLOWED = {
    "pipeline": {"sitegen.toolkit.hooks", "sitegen.images", "sitegen.search"},
    "toolkit": set(),
    "serve": {"sitegen.pipeline", "sitegen.search"},
    "commands": {"sitegen.pipeline", "sitegen.toolkit"},
    "importers": {"sitegen.pipeline"},
    "images": set(),
}


def _sitegen_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("sitegen"):
                # `from sitegen.toolkit import hooks` imports sitegen.toolkit.hooks, not the package
                is_package = (ROOT / node.module.replace(".", "/") / "__init__.py").is_file()
                if not is_package:
                    found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("sitegen"))
    return found


def _allowed(name: str, package: str) -> bool:
    if name in VOCABULARY or name == f"sitegen.{package}" or name.startswith(f"sitegen.{package}."):
        return True
    if any(name.startswith(f"{v}.") for v in VOCABULARY - {"sitegen"}):
        return True            # a name imported from a vocabulary module
    return any(name == a or name.startswith(a + ".") for a in ALLOWED[package])


def test_imports_flow_one_way():
    wrong = []
    for package in ALLOWED:
        for path in sorted((PACKAGE / package).rglob("*.py")):      # (no files yet: nothing to check)
            for name in sorted(_sitegen_imports(path)):
                # `from sitegen import __version__` names the top package itself
                if name == "sitegen.__version__":
                    continue
                if not _allowed(name, package):
                    wrong.append(f"{path.relative_to(ROOT)} imports {name}")
    assert wrong == []


def test_the_vocabulary_imports_no_subsystem():
    wrong = []
    for path in sorted(PACKAGE.glob("*.py")):
        if path.name in ("cli.py", "__main__.py"):
            continue
        for name in sorted(_sitegen_imports(path)):
            if not (name in VOCABULARY or name == "sitegen.__version__"
                    or any(name.startswith(f"{v}.") for v in VOCABULARY - {"sitegen"})):
                wrong.append(f"{path.relative_to(ROOT)} imports {name}")
    assert wrong == []


def test_no_module_is_over_500_lines():
    # (theme_code/ holds Jinja's generated code for the default theme: scripts/precompile_theme.py)
    long = {str(p.relative_to(ROOT)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text("utf-8").splitlines())) > 500 and p.parent.name != "theme_code"}
    assert long == {}


def test_no_function_takes_more_than_six_positional_parameters():
    wide = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                params = [a for a in node.args.posonlyargs + node.args.args if a.arg not in ("self", "cls")]
                if len(params) > 6:
                    wide.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}() takes {len(params)}")
    assert wide == []


# -- no import cycles, counting imports inside functions -------------------------------------

STAGES = ("read", "markdown", "site", "render", "media", "state", "edit")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(name: str) -> bool:
    base = ROOT / name.replace(".", "/")
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def _type_checking_only(tree: ast.AST) -> set[int]:
    """Line numbers of imports under `if TYPE_CHECKING:` (never run, so never part of a cycle)."""
    lines = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in node.body:
                lines.update(n.lineno for n in ast.walk(inner) if isinstance(n, (ast.Import, ast.ImportFrom)))
    return lines


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    """module -> the sitegen modules it imports when it runs: at the top or inside any function."""
    graph: dict[str, set[str]] = {}
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        skip = _type_checking_only(tree)
        here = _module_name(path)
        edges = graph.setdefault(here, set())
        for node in ast.walk(tree):
            if getattr(node, "lineno", None) in skip:
                continue
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and node.module.startswith("sitegen"):
                for alias in node.names:
                    sub = f"{node.module}.{alias.name}"
                    edges.add(sub if _is_module(sub) else node.module)
            elif isinstance(node, ast.Import):
                edges.update(a.name for a in node.names if a.name.startswith("sitegen"))
        edges.discard(here)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_cycle_finder_sees_a_cycle_closed_inside_a_function(tmp_path):
    """The rule below can fail: a cycle closed by a function-level import is found."""
    pkg = tmp_path / "sitegen"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from sitegen import b\n")
    (pkg / "b.py").write_text("def f():\n    from sitegen.c import thing\n    return thing\n")
    (pkg / "c.py").write_text("from sitegen.a import x\nthing = 1\n")
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        assert cycles(import_graph(pkg)) == [["sitegen.a", "sitegen.b", "sitegen.c"]]
    finally:
        ROOT = saved


def test_no_import_cycle_counting_imports_inside_functions():
    assert cycles(import_graph()) == []


def test_the_pipeline_has_a_folder_per_stage_and_no_build_folder():
    assert not (PACKAGE / "build").exists()     # a name .gitignore files and tools take for output
    for stage in STAGES:
        assert (PACKAGE / "pipeline" / stage / "__init__.py").is_file(), stage
    assert (PACKAGE / "pipeline" / "output.py").is_file()       # the only writer


def test_serve_uses_only_the_pipelines_public_names():
    """serve reaches the pipeline through `sitegen.pipeline`'s exports (a Session, Options ...),
    never a module inside it."""
    import sitegen.pipeline
    public = {f"sitegen.pipeline.{name}" for name in sitegen.pipeline.__all__}
    wrong = []
    for path in sorted((PACKAGE / "serve").rglob("*.py")):
        for name in sorted(_sitegen_imports(path)):
            if name.startswith("sitegen.pipeline") and name not in public:
                wrong.append(f"{path.relative_to(ROOT)} imports {name}")
    assert wrong == []
