"""The search parameters, validated once for the page, the JSON API and the CSV export."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from search import languages
from search.query import MAX_PAGE_SIZE, MAX_RESULT_WINDOW, PAGE_SIZE, SORTS, Query

MAX_VALUES = 50


class ListField(forms.Field):
    """Several values of one parameter: repeated (``?theme=a&theme=b``) or comma-separated."""

    widget = forms.MultipleHiddenInput

    def __init__(self, *, pattern, convert=str, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.pattern = re.compile(pattern)
        self.convert = convert

    def to_python(self, value):
        if not value:
            return ()
        values = [value] if isinstance(value, str) else list(value)
        items = [item.strip() for raw in values for item in str(raw).split(",") if item.strip()]
        if len(items) > MAX_VALUES:
            raise ValidationError(_("Choose at most %(limit)d values.") % {"limit": MAX_VALUES})
        for item in items:
            if len(item) > 100 or not self.pattern.fullmatch(item):
                raise ValidationError(_("%(value)s is not a valid value.") % {"value": item[:100]})
        return tuple(dict.fromkeys(self.convert(item) for item in items))


class QueryField(forms.CharField):
    """The query as typed; control characters (NUL included) are the parser's to drop."""

    def to_python(self, value):
        return super().to_python(value).replace("\x00", " ")


class SearchForm(forms.Form):
    q = QueryField(label=_("Search the archive"), required=False, strip=False)
    edition = ListField(label=_("Edition"), pattern=r"\d{1,4}", convert=int)
    year_from = forms.IntegerField(
        label=_("From year"), required=False, min_value=1, max_value=9999
    )
    year_to = forms.IntegerField(label=_("To year"), required=False, min_value=1, max_value=9999)
    theme = ListField(label=_("Theme"), pattern=r"[-a-zA-Z0-9_]+")
    addressee = ListField(label=_("Addressee"), pattern=r"[a-z_]+")
    level = ListField(label=_("Level"), pattern=r"[a-z_]+")
    type = ListField(label=_("Content type"), pattern=r"[a-z_]+")
    language = ListField(label=_("Language"), pattern=r"[-a-zA-Z_]+")
    lang = forms.CharField(label=_("Search language"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("relevance", _("Relevance")), ("date", _("Date"))],
    )
    page = forms.IntegerField(label=_("Page"), required=False, min_value=1)
    page_size = forms.IntegerField(
        label=_("Results per page"), required=False, min_value=1, max_value=MAX_PAGE_SIZE
    )

    def __init__(self, data=None, *, allow_page_size=False, **kwargs):
        super().__init__(data, **kwargs)
        if not allow_page_size:
            del self.fields["page_size"]

    def clean_lang(self):
        value = self.cleaned_data.get("lang")
        if not value:
            return languages.active_language()
        resolved = languages.resolve(value)
        if resolved is None:
            raise ValidationError(
                _("%(value)s is not a content language; use one of %(codes)s.")
                % {"value": value[:20], "codes": ", ".join(languages.language_codes())}
            )
        return resolved

    def clean_language(self):
        values = self.cleaned_data.get("language") or ()
        resolved = tuple(languages.resolve(value) for value in values)
        if None in resolved:
            raise ValidationError(_("Unknown language."))
        return resolved

    def clean(self):
        cleaned = super().clean()
        year_from, year_to = cleaned.get("year_from"), cleaned.get("year_to")
        if year_from and year_to and year_from > year_to:
            self.add_error("year_to", _("The end year comes before the start year."))
        page, size = cleaned.get("page") or 1, cleaned.get("page_size") or PAGE_SIZE
        if (page - 1) * size >= MAX_RESULT_WINDOW:
            self.add_error(
                "page",
                _("Only the first %(limit)d results can be paged through; refine your search.")
                % {"limit": MAX_RESULT_WINDOW},
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
