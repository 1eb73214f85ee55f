"""The search parameters, validated once for the page, the JSON API and the CSV export."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from search import languages
from search.query import MAX_PAGE_SIZE, MAX_RESULT_WINDOW, PAGE_SIZE, SORTS, Query

MAX_VALUES = 50
MAX_VALUE_LENGTH = 100
MAX_YEAR = 9999
# The error code of a page past the last result any backend pages to.
BEYOND_WINDOW = "beyond_window"
beyond_window_message = lazy(
    lambda: (
        _("Only the first %(limit)d results can be paged through; refine your search.")
        % {"limit": MAX_RESULT_WINDOW}
    ),
    str,
)()
REVERSED_YEARS = _("The end year comes before the start year.")

# What one value of each list parameter may be: ASCII only, so that the OpenAPI document
# (search/openapi.py) states the same patterns to every regular-expression dialect.
EDITION_PATTERN = r"[0-9]{1,4}"
THEME_PATTERN = rf"[-a-zA-Z0-9_]{{1,{MAX_VALUE_LENGTH}}}"
CODE_PATTERN = rf"[a-z_]{{1,{MAX_VALUE_LENGTH}}}"
LANGUAGE_PATTERN = rf"[-a-zA-Z_]{{1,{MAX_VALUE_LENGTH}}}"


def list_pattern(item):
    """The pattern of one occurrence of a list parameter: comma-separated items, or empty."""
    return rf"(?:{item}(?:,{item}){{0,{MAX_VALUES - 1}}})?"


class ListField(forms.Field):
    """Several values of one parameter: repeated (``?theme=a&theme=b``) or comma-separated.

    An empty occurrence means no choice (a form's "any"); anything else must be exactly
    items separated by commas. At most ``MAX_VALUES`` occurrences of at most ``MAX_VALUES``
    items each: bounds the OpenAPI document can state (``maxItems`` and the pattern).
    """

    widget = forms.MultipleHiddenInput

    def __init__(self, *, pattern, convert=str, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.pattern = re.compile(list_pattern(pattern))
        self.convert = convert

    def to_python(self, value):
        if not value:
            return ()
        values = [value] if isinstance(value, str) else list(value)
        if len(values) > MAX_VALUES:
            raise ValidationError(_("Choose at most %(limit)d values.") % {"limit": MAX_VALUES})
        items = []
        for raw in values:
            raw = str(raw)
            if not self.pattern.fullmatch(raw):
                raise ValidationError(
                    _("%(value)s is not a valid value.") % {"value": raw[:MAX_VALUE_LENGTH]}
                )
            items.extend(item for item in raw.split(",") if item)
        return tuple(dict.fromkeys(self.convert(item) for item in items))


class NumberField(forms.IntegerField):
    """A whole number written in ASCII digits only.

    Django's own field also takes ``" 7 "``, ``"7.0"``, ``"7_0"`` and other scripts'
    digits (Python's ``int`` does); the API documents plain digits, and takes nothing else.
    """

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not isinstance(value, str) or not re.fullmatch(r"[0-9]+", value):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        digits = value.lstrip("0") or "0"
        # Past every bound (and past the 4300 digits int() reads): the maximum speaks.
        return int(digits) if len(digits) <= 18 else 10**18


class QueryField(forms.CharField):
    """The query as typed; control characters (NUL included) are the parser's to drop."""

    def to_python(self, value):
        return super().to_python(value).replace("\x00", " ")


class SearchForm(forms.Form):
    q = QueryField(label=_("Search the archive"), required=False, strip=False)
    edition = ListField(label=_("Edition"), pattern=EDITION_PATTERN, convert=int)
    year_from = NumberField(label=_("From year"), required=False, min_value=1, max_value=MAX_YEAR)
    year_to = NumberField(label=_("To year"), required=False, min_value=1, max_value=MAX_YEAR)
    theme = ListField(label=_("Theme"), pattern=THEME_PATTERN)
    addressee = ListField(label=_("Addressee"), pattern=CODE_PATTERN)
    level = ListField(label=_("Level"), pattern=CODE_PATTERN)
    type = ListField(label=_("Content type"), pattern=CODE_PATTERN)
    language = ListField(label=_("Language"), pattern=LANGUAGE_PATTERN)
    lang = forms.CharField(label=_("Search language"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("relevance", _("Relevance")), ("date", _("Date"))],
    )
    page = NumberField(
        label=_("Page"),
        required=False,
        min_value=1,
        max_value=MAX_RESULT_WINDOW,
        error_messages={"max_value": beyond_window_message},
    )
    page_size = NumberField(
        label=_("Results per page"), required=False, min_value=1, max_value=MAX_PAGE_SIZE
    )

    def __init__(self, data=None, *, allow_page_size=False, exact_languages=False, **kwargs):
        """``exact_languages``: ``lang`` and ``language`` take the content languages' codes
        exactly as listed (the API's enumeration), rather than the nearest one (``EN-gb``
        for ``en``), which the search page allows."""
        super().__init__(data, **kwargs)
        if not allow_page_size:
            del self.fields["page_size"]
        self.exact_languages = exact_languages
        if exact_languages:
            self.fields["lang"].strip = False

    def _resolve(self, value):
        if self.exact_languages:
            return value if value in languages.language_codes() else None
        return languages.resolve(value)

    def clean_lang(self):
        value = self.cleaned_data.get("lang")
        if not value:
            return languages.active_language()
        resolved = self._resolve(value)
        if resolved is None:
            raise ValidationError(
                _("%(value)s is not a content language; use one of %(codes)s.")
                % {"value": value[:20], "codes": ", ".join(languages.language_codes())}
            )
        return resolved

    def clean_language(self):
        values = self.cleaned_data.get("language") or ()
        resolved = tuple(self._resolve(value) for value in values)
        if None in resolved:
            raise ValidationError(_("Unknown language."))
        return resolved

    def clean(self):
        cleaned = super().clean()
        year_from, year_to = cleaned.get("year_from"), cleaned.get("year_to")
        if year_from and year_to and year_from > year_to:
            self.add_error("year_to", REVERSED_YEARS)
        page, size = cleaned.get("page") or 1, cleaned.get("page_size") or PAGE_SIZE
        if (page - 1) * size >= MAX_RESULT_WINDOW:
            self.add_error(
                "page",
                ValidationError(beyond_window_message, code=BEYOND_WINDOW),
            )
        return cleaned

    def errors_as_reasons(self):
        return {name: [str(error) for error in errors] for name, errors in self.errors.items()}

    def to_query(self, **overrides):
        data = self.cleaned_data
        options = {
            "text": data.get("q") or "",
            "language": data.get("lang") or languages.active_language(),
            "editions": data.get("edition") or (),
            "year_from": data.get("year_from"),
            "year_to": data.get("year_to"),
            "themes": data.get("theme") or (),
            "addressees": data.get("addressee") or (),
            "levels": data.get("level") or (),
            "types": data.get("type") or (),
            "languages": data.get("language") or (),
            "sort": data.get("sort") if data.get("sort") in SORTS else "relevance",
            "page": data.get("page") or 1,
            "page_size": data.get("page_size") or PAGE_SIZE,
        }
        options.update(overrides)
        return Query(**options)
