"""The layout rules of docs/architecture.md, read from the source (ast): dependencies point one way
between the apps, no import hides inside a function, no module imports itself back through others,
and every URL namespace is one app's."""

import ast
from pathlib import Path

from django.urls import URLResolver, get_resolver

ROOT = Path(__file__).resolve().parent.parent
# Lowest first: an app may import the apps before it, never those after it.
ORDER = ["core", "units", "imports", "models_registry", "surveys", "documents", "reports", "dashboard", "devtools"]
PROJECT = "danvan"  # settings and the root URLconf: they name every app


def app_files(apps=(*ORDER, PROJECT)):
    for app in apps:
        yield from sorted((ROOT / app).rglob("*.py"))


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def imported_modules(tree):
    """(line, module) for every import, `from package import module` resolved to the module."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                yield node.lineno, candidate if is_module(candidate) else node.module


def parsed(path):
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def test_no_app_imports_an_app_above_it():
    upward = []
    for path in app_files(ORDER):
        app = path.relative_to(ROOT).parts[0]
        for line, module in imported_modules(parsed(path)):
            top = module.split(".")[0]
            if top == PROJECT or (top in ORDER and ORDER.index(top) > ORDER.index(app)):
                upward.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    assert upward == []


def test_no_import_inside_a_function():
    hidden = []
    for path in app_files():
        for node in ast.walk(parsed(path)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for inner in ast.walk(node):
                    if isinstance(inner, (ast.Import, ast.ImportFrom)):
                        hidden.append(f"{path.relative_to(ROOT)}:{inner.lineno} in {node.name}()")
    assert hidden == []


def import_graph():
    ours = {*ORDER, PROJECT}
    graph = {}
    for path in app_files():
        name = module_name(path)
        graph[name] = {module for _line, module in imported_modules(parsed(path))
                       if module.split(".")[0] in ours and module != name}
    return graph


def find_cycle(graph):
    """One import cycle as a list of modules, or None (depth-first search)."""
    state, stack = {}, []

    def visit(module):
        state[module] = "open"
        stack.append(module)
        for target in sorted(graph.get(module, ())):
            if state.get(target) == "open":
                return stack[stack.index(target):] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        stack.pop()
        state[module] = "done"
        return None

    for module in sorted(graph):
        if module not in state and (cycle := visit(module)):
            return cycle
    return None


def test_no_import_cycle():
    assert find_cycle(import_graph()) is None


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_every_url_namespace_is_one_app():
    owners = {}
    for pattern in get_resolver().url_patterns:
        if not isinstance(pattern, URLResolver) or not pattern.namespace or pattern.namespace == "admin":
            continue
        app = pattern.urlconf_module.__name__.split(".")[0]
        assert pattern.namespace == app, f"namespace {pattern.namespace} is declared in {app}"
        views = {view.__module__.split(".")[0] for view in views_of(pattern)}
        assert views == {app}, f"namespace {app} serves views of {views}"
        owners.setdefault(app, []).append(pattern.namespace)
    assert owners == {"models_registry": ["models_registry"], "surveys": ["surveys"], "imports": ["imports"],
                      "documents": ["documents"], "reports": ["reports"],
                      "dashboard": ["dashboard"]}


def views_of(resolver):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from views_of(pattern)
        else:
            yield getattr(pattern.callback, "view_class", pattern.callback)


def assigned_attributes(tree):
    """(line, attribute) for every `x.attribute = …` and `x.attribute += …`."""
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
            node, ast.AugAssign) else []
        for target in targets:
            if isinstance(target, ast.Attribute):
                yield node.lineno, target.attr


def places(test, apps=ORDER):
    """`file:line` of every node of the apps' source for which `test(tree)` yields a line."""
    return [f"{path.relative_to(ROOT)}:{line}" for path in app_files(apps) for line in test(parsed(path))]


def test_a_version_and_its_authors_are_set_in_one_place():
    """core/versioning.py bumps versions and stamps authors; the import's batch claim
    (`claim_many`, one UPDATE for many rows) gives each record the version it claimed."""
    def setters(tree):
        return (line for line, attr in assigned_attributes(tree) if attr in ("version", "created_by", "updated_by"))

    found = {place.split(":")[0] for place in places(setters)}
    assert found == {"core/versioning.py", "imports/base.py"}


def test_the_reported_total_is_checked_in_one_place():
    """SurveySession.total_mismatch: the page, the admin, the import and finalising ask it."""
    def comparisons(tree):
        for node in ast.walk(tree):
            if isinstance(node, ast.Compare):
                names = {n.attr if isinstance(n, ast.Attribute) else getattr(n, "id", None) for n in
                         [node.left, *node.comparators]}
                if names & {"reported_total", "reported"} and any(
                        isinstance(op, (ast.Eq, ast.NotEq)) for op in node.ops):
                    yield node.lineno

    assert {place.split(":")[0] for place in places(comparisons)} == {"surveys/models.py"}


def role_checks(tree):
    """Lines that compare with a role through the gate's module (`scoping.Role.ADMIN`)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ("ADMIN", "PROVINCIAL", "LOCAL", "PUBLIC"):
            if isinstance(node.value, ast.Attribute) and node.value.attr == "Role":
                yield node.lineno


def test_roles_are_read_by_the_gate_only():
    """Who sees or does what is decided in units/scoping.py (`may_*`, `restrict_*`); elsewhere a
    role is at most shown (the dashboard's template)."""
    assert places(role_checks) == []
    assert list(role_checks(ast.parse("if scoping.role_of(user) is scoping.Role.LOCAL: pass"))) == [1]
