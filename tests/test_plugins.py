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


# What the model layer may never reach: the access policy, the translation workflow and
# the language helpers sit above it (ARCHITECTURE.md, section 2).
ABOVE_THE_MODELS = [
    "seminar_pages.access",
    "seminar_pages.permissions",
    "seminar_pages.documents",
    "seminar_pages.translation",
    "seminar_pages.languages",
]


def project_file(module):
    """The file of a module of this project, or None for a module from elsewhere."""
    base = ROOT.joinpath(*module.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def modules_loaded_by(module, path):
    """Every module importing ``module`` may load, at module level or inside a function.

    A name taken ``from`` a package may be a submodule, and importing a submodule loads its
    packages first: both are yielded, and the caller keeps those that are files here.
    """
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0]
                target = f"{anchor}.{node.module}" if node.module else anchor
            else:
                target = node.module
            targets = [target, *(f"{target}.{alias.name}" for alias in node.names)]
        else:
            continue
        for target in targets:
            parts = target.split(".")
            yield from (".".join(parts[:end]) for end in range(1, len(parts) + 1))


def import_chains(root):
    """{module: the chain of imports from ``root`` to it}, for the modules of this project."""
    chains = {root: [root]}
    todo = [root]
    while todo:
        module = todo.pop()
        for loaded in modules_loaded_by(module, project_file(module)):
            if loaded not in chains and project_file(loaded) is not None:
                chains[loaded] = [*chains[module], loaded]
                todo.append(loaded)
    return chains


@pytest.mark.parametrize("models", ["seminar_pages.models", "outputs.models"])
def test_models_reach_neither_the_access_policy_nor_translation_nor_languages(models):
    offenders = [
        " -> ".join(chain)
        for module, chain in import_chains(models).items()
        if any(module == above or module.startswith(f"{above}.") for above in ABOVE_THE_MODELS)
    ]
    assert offenders == []


# What the host site must give the apps (README, "Adding the apps to an existing Wagtail 8
# site"): ``manage.py check`` refuses to start without it.
GATE = "seminar_pages.gate.AccessGate"
AUTHENTICATION = "django.contrib.auth.middleware.AuthenticationMiddleware"


def host_check_ids():
    from seminar_pages.checks import check_host_site_closes_what_the_policy_closes

    return [error.id for error in check_host_site_closes_what_the_policy_closes()]


def test_reference_settings_give_the_apps_what_they_need():
    assert host_check_ids() == []


def test_check_refuses_a_site_without_the_access_gate(settings):
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != GATE]
    assert host_check_ids() == ["seminar_pages.E002"]


def test_check_refuses_an_access_gate_before_authentication(settings):
    middleware = [name for name in settings.MIDDLEWARE if name != GATE]
    middleware.insert(middleware.index(AUTHENTICATION), GATE)
    settings.MIDDLEWARE = middleware
    assert host_check_ids() == ["seminar_pages.E003"]


def test_check_refuses_a_site_without_guardian_backend(settings):
    settings.AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
    assert host_check_ids() == ["seminar_pages.E004"]


@pytest.mark.parametrize("method", ["direct", "redirect", None])
def test_check_refuses_documents_served_around_the_access_check(settings, method):
    settings.WAGTAILDOCS_SERVE_METHOD = method
    assert host_check_ids() == ["seminar_pages.E005"]


def test_check_refuses_a_site_without_wagtail_localisation(settings):
    settings.WAGTAIL_I18N_ENABLED = False
    assert host_check_ids() == ["seminar_pages.E006"]
