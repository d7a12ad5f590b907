"""The message and hint templates written in generator/, found by reading its source with `ast`.

A template is the text of a message with each computed part as `{…}`: `unknown key '{name}'`. They
are found where a diagnostic is made (`Diagnostic(…)`, `source.diagnostic(…)`, `At(…)`, a checker's
`value`/`key`, a loader's `_problem`, a model's `ValueError`) and followed through the names they are
built from: a local or module variable, a parameter (through the calls of its function), `a or b`,
`x if c else y`, `+`, a dict or tuple of texts. A computed value that is a whole message (a hint made
by `did_you_mean`, an exception's text) is not a template of its own: there is nothing to translate
that the function making it does not show itself.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
HOLE = "\x00"  # a computed part, before it is given a sample value

# callee name -> (positions of the message and hint arguments, keyword names)
CALLS = {
    "Diagnostic": ((1, 5), ("message", "hint")),
    "diagnostic": ((2, 3), ("message", "hint")),
    "At": ((1,), ("message",)),
    "_problem": ((2, 3), ("message", "hint")),
    "value": ((1, 2), ("message", "hint")),
    "key": ((2, 3), ("message", "hint")),
}
# modules whose ValueError texts become messages (pydantic's value_error, told as written)
VALUE_ERROR_MODULES = ("model/", "characters.py", "mkdocs_settings.py", "mkdocs_extensions.py", "releases.py")


@dataclass(frozen=True)
class Template:
    text: str  # with HOLE for each computed part
    where: str  # file:line of the call that shows it

    def sample(self, value: str = "x1") -> str:
        return self.text.replace(HOLE, value)


def _name(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


class _Module:
    def __init__(self, path: Path):
        self.path = path
        self.rel = path.relative_to(PACKAGE).as_posix()
        self.tree = ast.parse(path.read_text(encoding="utf-8"))
        self.parents: dict[ast.AST, ast.AST] = {}
        for node in ast.walk(self.tree):
            for child in ast.iter_child_nodes(node):
                self.parents[child] = node

    def scope(self, node: ast.AST) -> ast.AST:
        while node in self.parents:
            node = self.parents[node]
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                return node
        return self.tree


class Extractor:
    def __init__(self) -> None:
        self.modules = [_Module(p) for p in sorted(PACKAGE.rglob("*.py"))]
        self.functions: dict[str, list[tuple[_Module, ast.FunctionDef]]] = {}
        self.calls: dict[str, list[tuple[_Module, ast.Call]]] = {}
        for module in self.modules:
            for node in ast.walk(module.tree):
                if isinstance(node, ast.FunctionDef):
                    self.functions.setdefault(node.name, []).append((module, node))
                elif isinstance(node, ast.Call):
                    self.calls.setdefault(_name(node.func), []).append((module, node))

    # --- an expression -> the texts it may be ----------------------------------------------------

    def texts(self, module: _Module, expr: ast.expr, depth: int = 0) -> list[str]:
        if depth > 6:
            return [HOLE]
        if isinstance(expr, ast.Constant):
            return [expr.value] if isinstance(expr.value, str) else [HOLE]
        if isinstance(expr, ast.JoinedStr):
            out = [""]
            for part in expr.values:
                pieces = [part.value] if isinstance(part, ast.Constant) else self._formatted(module, part, depth)
                out = [a + b for a in out for b in pieces][:64]
            return out
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
            return [a + b for a in self.texts(module, expr.left, depth + 1)
                    for b in self.texts(module, expr.right, depth + 1)][:64]
        if isinstance(expr, ast.IfExp):
            return self.texts(module, expr.body, depth + 1) + self.texts(module, expr.orelse, depth + 1)
        if isinstance(expr, ast.BoolOp):
            return [t for value in expr.values for t in self.texts(module, value, depth + 1)]
        if isinstance(expr, (ast.Tuple, ast.List)):
            return [t for value in expr.elts for t in self.texts(module, value, depth + 1)]
        if isinstance(expr, ast.Dict):
            return [t for value in expr.values for t in self.texts(module, value, depth + 1)]
        if isinstance(expr, ast.Name):
            return self._name_texts(module, expr, depth)
        if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr == "format":
            return [re.sub(r"\{[^{}]*\}", HOLE, t) for t in self.texts(module, expr.func.value, depth + 1)]
        if isinstance(expr, ast.Call) and _name(expr.func) == "get" and len(expr.args) == 2:
            return self.texts(module, expr.func.value, depth + 1) + self.texts(module, expr.args[1], depth + 1)
        if isinstance(expr, ast.Subscript):
            return self.texts(module, expr.value, depth + 1)
        return [HOLE]

    def _formatted(self, module: _Module, part: ast.FormattedValue, depth: int) -> list[str]:
        # a computed part is a hole, unless it is a fixed English fragment (`where`, a conditional)
        if isinstance(part.value, (ast.IfExp, ast.Name)):
            found = self.texts(module, part.value, depth + 1)
            if found and all(t == HOLE or isinstance(t, str) for t in found):
                return list(dict.fromkeys(found))
        return [HOLE]

    def _name_texts(self, module: _Module, name: ast.Name, depth: int) -> list[str]:
        scope = module.scope(name)
        found: list[str] = []
        for node in ast.walk(scope):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name) and target.id == name.id:
                        found += self.texts(module, node.value, depth + 1)
                    elif isinstance(target, ast.Tuple) and any(isinstance(e, ast.Name) and e.id == name.id
                                                               for e in target.elts):
                        index = next(i for i, e in enumerate(target.elts) if isinstance(e, ast.Name) and e.id == name.id)
                        found += self._unpacked(module, node.value, index, len(target.elts), depth)
        if found:
            return found
        if isinstance(scope, ast.FunctionDef):
            params = [a.arg for a in scope.args.args]
            if name.id in params:
                return self._argument_texts(scope, params.index(name.id), name.id, depth)
            if name.id in [a.arg for a in scope.args.kwonlyargs]:
                return self._argument_texts(scope, -1, name.id, depth)
        if scope is not module.tree:
            for node in module.tree.body:  # a module constant
                if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name.id
                                                        for t in node.targets):
                    return self.texts(module, node.value, depth + 1)
        return [HOLE]

    def _unpacked(self, module: _Module, expr: ast.expr, index: int, size: int, depth: int) -> list[str]:
        """The texts a name takes when it is item `index` of tuples of `size` (`message, hint = TABLE[kind]`)."""
        if isinstance(expr, ast.Tuple) and len(expr.elts) == size:
            return self.texts(module, expr.elts[index], depth + 1)
        if isinstance(expr, ast.Dict):
            return [t for value in expr.values for t in self._unpacked(module, value, index, size, depth)]
        if isinstance(expr, ast.Subscript):
            return self._unpacked(module, expr.value, index, size, depth)
        if isinstance(expr, ast.Call) and _name(expr.func) == "get" and isinstance(expr.func, ast.Attribute):
            return [t for e in (expr.func.value, *expr.args[1:])
                    for t in self._unpacked(module, e, index, size, depth)]
        if isinstance(expr, ast.Name) and depth < 6:
            for node in module.tree.body:  # a module constant
                if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == expr.id
                                                        for t in node.targets):
                    return self._unpacked(module, node.value, index, size, depth + 1)
        return self._strings_in(module, expr, depth)

    def _strings_in(self, module: _Module, expr: ast.expr, depth: int) -> list[str]:
        """Every text in an expression unpacked into names (a dict of (message, hint) tuples...)."""
        out = []
        for node in ast.walk(expr):
            if isinstance(node, (ast.Constant, ast.JoinedStr)) and not (
                    isinstance(node, ast.Constant) and not isinstance(node.value, str)):
                if isinstance(module.parents.get(node), ast.JoinedStr):
                    continue
                if isinstance(node, ast.Constant) and isinstance(module.parents.get(node), ast.Dict) and \
                        node in module.parents[node].keys:
                    continue
                out += self.texts(module, node, depth + 1)
            elif isinstance(node, ast.Name) and node.id.isupper():
                out += self.texts(module, node, depth + 1)
        return out

    def _argument_texts(self, function: ast.FunctionDef, index: int, param: str, depth: int) -> list[str]:
        found: list[str] = []
        offset = 1 if function.args.args and function.args.args[0].arg in ("self", "cls") else 0
        home = next(m for m, f in self.functions[function.name] if f is function)
        for module, call in self.calls.get(function.name, []):
            receiver = call.func.value if isinstance(call.func, ast.Attribute) else None
            if isinstance(receiver, ast.Name) and receiver.id == "self" and module is not home:
                continue  # a method of another class of the same name
            if offset and receiver is None or not offset and isinstance(receiver, ast.Name) and receiver.id == "self":
                continue
            position = index - offset
            if 0 <= position < len(call.args) and index >= 0:
                found += self.texts(module, call.args[position], depth + 1)
            for keyword in call.keywords:
                if keyword.arg == param:
                    found += self.texts(module, keyword.value, depth + 1)
        return found or [HOLE]

    # --- every template -------------------------------------------------------------------------

    def templates(self) -> list[Template]:
        out: dict[str, Template] = {}
        for module in self.modules:
            for node in ast.walk(module.tree):
                if not isinstance(node, ast.Call):
                    continue
                for expr in self._message_arguments(module, node):
                    for text in self.texts(module, expr):
                        if text.strip(HOLE + " ") and text not in out:
                            out[text] = Template(text, f"{module.rel}:{node.lineno}")
        return list(out.values())

    def _message_arguments(self, module: _Module, call: ast.Call) -> list[ast.expr]:
        name = _name(call.func)
        if name == "ValueError" and isinstance(module.parents.get(call), ast.Raise) and \
                module.rel.startswith(VALUE_ERROR_MODULES):
            return call.args[:1]
        if name not in CALLS:
            return []
        if name in ("value", "key") and not (isinstance(call.func, ast.Attribute) and _name(call.func.value) == "c"):
            return []
        if name == "diagnostic" and not isinstance(call.func, ast.Attribute):
            return []
        positions, keywords = CALLS[name]
        found = [call.args[i] for i in positions if i < len(call.args)]
        found += [k.value for k in call.keywords if k.arg in keywords]
        return found


def templates() -> list[Template]:
    return Extractor().templates()


if __name__ == "__main__":
    for t in templates():
        print(f"{t.where:35} {t.sample('<>')}")
