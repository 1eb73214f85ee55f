"""The three apps are plugins: installable, and independent of the reference site."""

import ast
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS = ["seminar_pages", "outputs", "search"]
# Which app may import which (DESIGN.md: dependencies point one way).
ALLOWED = {
    "seminar_pages": set(),
    "outputs": {"seminar_pages"},
    "search": {"seminar_pages", "outputs"},
}


def imported_modules(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


@pytest.mark.parametrize("app", APPS)
def test_app_imports_neither_the_site_nor_a_later_app(app):
    forbidden = {"cms", *APPS} - {app} - ALLOWED[app]
    offenders = []
    for path in (ROOT / app).rglob("*.py"):
        for module in imported_modules(path):
            if module.split(".")[0] in forbidden:
                offenders.append(f"{path.relative_to(ROOT)}: {module}")
    assert offenders == []


def test_apps_are_declared_as_packages():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    include = project["tool"]["setuptools"]["packages"]["find"]["include"]
    for app in APPS:
        assert f"{app}*" in include


def test_dependencies_are_pinned():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    requirements = (
        project["project"]["dependencies"] + project["project"]["optional-dependencies"]["dev"]
    )
    assert all("==" in requirement for requirement in requirements)
