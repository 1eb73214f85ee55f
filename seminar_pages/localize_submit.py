"""wagtail-localize's "Translate page" form, for people who may not see every page below.

wagtail-localize offers "Include subtree (N pages)" with N counted over every descendant,
and translating the subtree copies every descendant into the new locale. For a translator
or a public-section editor, N would count the closed notes and draft reports they may not
see (telling them these exist), and the copy would create translations of them. Here both
count and copy only the pages the user may see in the admin; the gate answers the view with
this one (``gate.ANSWERED_BY_THE_GATE``).
"""

from django import forms
from django.db import transaction
from django.utils.translation import ngettext
from wagtail.admin.auth import require_admin_access
from wagtail.models import Locale, Page
from wagtail_localize.operations import TranslationCreator
from wagtail_localize.views.submit_translations import (
    SubmitPageTranslationView,
    SubmitTranslationForm,
)

from seminar_pages import access


class ReadableSubtreeTranslationForm(SubmitTranslationForm):
    def __init__(self, instance, *args, user, **kwargs):
        super().__init__(instance, *args, **kwargs)
        field = self.fields["include_subtree"]
        readable = access.admin_pages(user, instance.get_descendants()).count()
        if readable:
            field.widget = forms.CheckboxInput()
            field.label = ngettext(
                "Include subtree ({} page)", "Include subtree ({} pages)", readable
            ).format(readable)
        else:
            field.widget = forms.HiddenInput()


class ReadableSubtreeTranslationView(SubmitPageTranslationView):
    def get_form(self):
        if self.request.method == "POST":
            return ReadableSubtreeTranslationForm(
                self.object, self.request.POST, user=self.request.user
            )
        initial = None
        locale = Locale.objects.filter(language_code=self.request.GET.get("select_locale")).first()
        if locale is not None:
            initial = {"locales": [locale]}
        return ReadableSubtreeTranslationForm(self.object, initial=initial, user=self.request.user)

    @transaction.atomic
    def form_valid(self, form):
        subtree = form.cleaned_data["include_subtree"]
        form.cleaned_data["include_subtree"] = False
        response = super().form_valid(form)
        if subtree:
            translate_readable_subtree(
                self.object, form.cleaned_data["locales"], self.components, self.request.user
            )
        return response


def translate_readable_subtree(page, locales, components, user):
    """Translate the descendants of ``page`` that ``user`` may see (wagtail-localize's
    ``translate_page_subtree``, less what is hidden from them and what lies below it)."""
    readable = set(access.admin_pages(user, page.get_descendants()).values_list("pk", flat=True))
    translator = TranslationCreator(user, locales)

    def walk(parent):
        for child in Page.objects.child_of(parent).filter(pk__in=readable):
            translator.create_translations(child)
            if child.numchild:
                walk(child)

    walk(page)
    if components is not None:
        components.save(translator, sources_and_translations=translator.mappings)


# Decorated as Wagtail decorates its admin URLs (the user's admin language, the log context).
answer = require_admin_access(ReadableSubtreeTranslationView.as_view())
