"""Interface strings: a complete, compiled catalogue for every default language."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import to_locale

from cms.settings.base import DEFAULT_SEMINAR_LANGUAGES

CATALOGUES = Path(settings.BASE_DIR) / "locale"
TRANSLATED = [code for code in DEFAULT_SEMINAR_LANGUAGES if code != settings.LANGUAGE_CODE]


@pytest.mark.parametrize("code", TRANSLATED)
def test_catalogue_is_complete(code):
    path = CATALOGUES / to_locale(code) / "LC_MESSAGES" / "django.po"
    catalogue = polib.pofile(str(path))
    assert len(catalogue) > 300
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    assert catalogue.metadata["Language"] == to_locale(code)


@pytest.mark.parametrize("code", TRANSLATED)
def test_catalogue_is_compiled_and_used(code):
    compiled = CATALOGUES / to_locale(code) / "LC_MESSAGES" / "django.mo"
    assert compiled.exists(), "run make install: it compiles locale/"
    with translation.override(code):
        assert translation.gettext("Skip to main content") != "Skip to main content"
