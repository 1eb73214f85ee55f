import pytest
from django.utils import translation

from seminar_pages.factories import EditionPageFactory, TopicFactory
from tests.utils import make_site_tree


@pytest.fixture(autouse=True)
def _reset_language():
    """Django's LocaleMiddleware leaves a request's language active in the thread: a test
    that reads /fr/ must not leave French to the next one."""
    yield
    translation.deactivate()


@pytest.fixture
def site_tree(db):
    return make_site_tree()


@pytest.fixture
def series(site_tree):
    return site_tree[0]


@pytest.fixture
def edition_index(site_tree):
    return site_tree[1]


@pytest.fixture
def edition(edition_index):
    topic = TopicFactory(name="Human Rights & Artificial Intelligence")
    return EditionPageFactory(
        parent=edition_index,
        number=23,
        year=2025,
        title="23rd Informal ASEM Seminar on Human Rights",
        slug="23-2025",
        city="Copenhagen",
        country="Denmark",
        topics=[topic],
    )
