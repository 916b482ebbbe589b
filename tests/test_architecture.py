"""The apps depend on each other in one direction only, so that each one can
be read with only what lies below it in mind (docs/architecture.md).

Every import counts, one written inside a function too. The interface of an
app (its views, URLs, WebSocket routing and consumers, template tags and
management commands) stands on top of every domain and may read from any app;
the domain (models, services, selectors, permissions, forms, and the rest) may
only use the apps below it."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Lowest first. Apps on one line are siblings: neither imports the other.
LAYERS = [
    ["realtime"],
    ["community"],
    ["notifications"],
    ["neighbourhoods"],
    ["messaging", "exchanges"],
    ["workshops"],
    ["mentoring"],
    ["moderation"],
    ["indicators"],
    ["rights"],
]
RANK = {app: rank for rank, apps in enumerate(LAYERS) for app in apps}
INTERFACE = {"views", "urls", "routing", "consumers", "templatetags", "management"}
TOOLING = {"devtools", "config", "tests"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def _modules(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        parts = path.relative_to(ROOT / app).with_suffix("").parts
        if parts[0] == "migrations":
            continue
        yield parts, path


def _edges():
    for app in RANK:
        for parts, path in _modules(app):
            interface = parts[0] in INTERFACE
            for target in _imports(path) - {app}:
                if target in RANK or target in TOOLING:
                    yield app, "/".join(parts), interface, target


def test_every_app_of_the_product_is_placed_in_a_layer():
    apps = {
        path.parent.name
        for path in ROOT.glob("*/apps.py")
        if path.parent.name not in TOOLING
    }
    assert apps <= set(RANK), f"place {sorted(apps - set(RANK))} in LAYERS"


@pytest.mark.parametrize("app", list(RANK))
def test_the_domain_of_an_app_uses_only_the_apps_below_it(app):
    upward = [
        f"{source}/{module} imports {target}"
        for source, module, interface, target in _edges()
        if source == app
        and not interface
        and (target in TOOLING or RANK[target] >= RANK[source])
    ]
    assert upward == []


@pytest.mark.parametrize("app", list(RANK))
def test_no_product_code_imports_the_tooling(app):
    tooling = [
        f"{source}/{module} imports {target}"
        for source, module, _interface, target in _edges()
        if source == app and target in TOOLING
    ]
    assert tooling == []
