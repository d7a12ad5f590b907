"""The shape of the package: commands only command, and no module grows past what one owner can hold."""
from __future__ import annotations

import ast
from pathlib import Path

import generator

PACKAGE = Path(generator.__file__).parent
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "scaffolds" not in p.parts)


def _imports(path: Path) -> set[str]:
    """The modules of the package that `path` imports, as dotted names ('generator.commands.check')."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(("generator", *path.relative_to(PACKAGE).parent.parts))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[:len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.add(module)
            found |= {f"{module}.{alias.name}" for alias in node.names}
    return {name for name in found if name.startswith("generator")}


def test_only_the_command_line_imports_the_commands():
    for path in MODULES:
        rel = path.relative_to(PACKAGE).as_posix()
        if rel == "cli.py" or rel.startswith("commands/"):
            continue
        assert not [m for m in _imports(path) if m.startswith("generator.commands")], rel


def test_no_command_imports_another():
    for path in (PACKAGE / "commands").glob("*.py"):
        own = f"generator.commands.{path.stem}"
        others = [m for m in _imports(path) if m.startswith("generator.commands.") and not m.startswith(own)]
        assert others == [], (path.name, others)


def test_every_command_stays_short():
    for path in (PACKAGE / "commands").glob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 150, path.name


def test_no_module_outgrows_one_owner_nor_a_function_a_screen():
    too_long = []
    for path in MODULES:
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > 400:
            too_long.append(f"{path.relative_to(PACKAGE)}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno >= 80:
                too_long.append(f"{path.relative_to(PACKAGE)}: {node.name} has {node.end_lineno - node.lineno + 1} lines")
    assert too_long == []
