"""The package's layout is its architecture: imports flow one way, modules stay small.

cli -> commands / serve / importers -> build -> the shared vocabulary (top-level modules);
the toolkit is reached from build only through toolkit/hooks.py, and imports nothing of build.
"""

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "sitegen"
VOCABULARY = {"sitegen", "sitegen.config", "sitegen.errors", "sitegen.frozen", "sitegen.model", "sitegen.nesting", "sitegen.safeyaml",
              "sitegen.urls"}

# What each subpackage may import from sitegen besides the vocabulary (itself always).
ALLOWED = {
    "build": {"sitegen.toolkit.hooks", "sitegen.images", "sitegen.search"},
    "toolkit": set(),
    "serve": {"sitegen.build", "sitegen.search"},
    "commands": {"sitegen.build", "sitegen.toolkit"},
    "importers": {"sitegen.build"},
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
    long = {str(p.relative_to(ROOT)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text("utf-8").splitlines())) > 500}
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
