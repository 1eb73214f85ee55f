"""Translators work in their own languages, translations are reviewed, and the status of
every translation is known.

The world: a published English Key Messages page of the 23rd edition, translators for
French and for German, and the Secretariat.
"""

import io

import polib
import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from wagtail.models import Locale, Page, WorkflowState
from wagtail_localize.models import StringSegment, Translation, TranslationSource
from wagtail_localize.operations import TranslationCreator

from outputs.factories import KeyMessagesPageFactory
from seminar_pages import access, translation
from seminar_pages.factories import WorkingGroupPageFactory
from seminar_pages.models import SessionNotesPage
from tests.utils import make_user


def translate(page, locale, user=None):
    """Submit ``page`` for translation into ``locale`` as wagtail-localize's view does."""
    TranslationCreator(user, [locale]).create_translations(page)
    return Translation.objects.get(
        source=TranslationSource.objects.get_for_instance(page), target_locale=locale
    )


def publish(job, user, capture):
    """Publish a translation (wagtail-localize publishes when the transaction commits)."""
    with capture(execute=True):
        job.save_target(user=user, publish=True)


def translate_all_strings(job, user=None, prefix="FR"):
    from wagtail_localize.models import StringTranslation

    for segment in StringSegment.objects.filter(source=job.source).select_related(
        "string", "context"
    ):
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=job.target_locale,
            context=segment.context,
            defaults={"data": f"{prefix}: {segment.string.data}", "last_translated_by": user},
        )


def republish(page, **changes):
    page = Page.objects.get(pk=page.pk).specific
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return Page.objects.get(pk=page.pk).specific


@pytest.fixture
def people(db, django_user_model):
    secretariat = Group.objects.get(name=access.SECRETARIAT)
    secretary = make_user(django_user_model, "secretary", groups=[secretariat])
    french, _ = Locale.objects.get_or_create(language_code="fr")
    german, _ = Locale.objects.get_or_create(language_code="de")
    fr_translator = make_user(django_user_model, "fr-translator")
    fr_translator.email = "fr@example.org"
    fr_translator.save()
    de_translator = make_user(django_user_model, "de-translator")
    de_translator.email = "de@example.org"
    de_translator.save()
    access.grant_translator(secretary, fr_translator, french)
    access.grant_translator(secretary, de_translator, german)
    return {
        "secretary": secretary,
        "fr": fr_translator,
        "de": de_translator,
        "french": french,
        "german": german,
    }


@pytest.fixture
def key_messages(edition):
    return KeyMessagesPageFactory(parent=edition, title="Key Messages of the 23rd edition")


def login(client, user):
    client.force_login(user)
    return client


# Rights ------------------------------------------------------------------------------


def test_granting_a_language_makes_a_translator_and_is_logged(people):
    from wagtail.models import ModelLogEntry

    assert access.may_translate(people["fr"], people["french"])
    assert not access.may_translate(people["fr"], people["german"])
    assert not access.may_translate(people["fr"], Locale.get_default())
    assert people["fr"].groups.filter(name=access.TRANSLATORS).exists()
    entry = ModelLogEntry.objects.get(
        action="seminar_pages.grant_translator", data__username="fr-translator"
    )
    assert entry.message.lower() == "fr-translator may now translate into fr"
    assert entry.user == people["secretary"]


def test_revoking_the_last_language_leaves_the_translators_group(people):
    access.revoke_translator(people["secretary"], people["fr"], people["french"])
    assert not access.may_translate(people["fr"], people["french"])
    assert not people["fr"].groups.filter(name=access.TRANSLATORS).exists()


def test_only_the_secretariat_assigns_languages(people):
    with pytest.raises(PermissionError):
        access.grant_translator(people["fr"], people["fr"], people["german"])


def test_secretariat_assigns_languages_in_the_admin(client, people, django_user_model):
    newcomer = make_user(django_user_model, "newcomer")
    login(client, people["secretary"])
    response = client.post(
        reverse("seminar_access:translators"),
        {"user": newcomer.pk, "locale": people["german"].pk},
    )
    assert response.status_code == 302
    assert access.may_translate(newcomer, people["german"])
    login(client, people["fr"])
    refused = client.get(reverse("seminar_access:translators"))
    assert refused.status_code == 404


def test_translator_submits_a_translation_into_their_language(client, people, key_messages):
    login(client, people["fr"])
    url = reverse("wagtail_localize:submit_page_translation", args=[key_messages.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"locales": [people["french"].pk]})
    assert response.status_code == 302
    assert key_messages.get_translation_or_none(people["french"]) is not None


def test_translator_cannot_submit_into_another_language(client, people, key_messages):
    login(client, people["fr"])
    url = reverse("wagtail_localize:submit_page_translation", args=[key_messages.pk])
    response = client.post(url, {"locales": [people["french"].pk, people["german"].pk]})
    assert response.status_code == 404
    assert key_messages.get_translation_or_none(people["german"]) is None
    assert key_messages.get_translation_or_none(people["french"]) is None


def test_translator_edits_their_translation_but_not_the_source_or_another_language(
    client, people, key_messages
):
    french_page = translate(key_messages, people["french"]).get_target_instance()
    german_page = translate(key_messages, people["german"]).get_target_instance()
    login(client, people["fr"])
    edit = "wagtailadmin_pages:edit"
    assert client.get(reverse(edit, args=[french_page.pk])).status_code == 200
    assert client.get(reverse(edit, args=[german_page.pk])).status_code in (302, 403)
    assert client.get(reverse(edit, args=[key_messages.pk])).status_code in (302, 403)
    tester = french_page.permissions_for_user(people["fr"])
    assert tester.can_edit()
    assert not tester.can_publish()
    assert not key_messages.permissions_for_user(people["fr"]).can_edit()
    assert not german_page.permissions_for_user(people["fr"]).can_edit()


def test_translator_cannot_publish_from_the_translation_editor(client, people, key_messages):
    job = translate(key_messages, people["french"])
    page = job.get_target_instance()
    login(client, people["fr"])
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), {"action": "publish"}
    )
    # Wagtail's admin answers a refusal with a redirect to its dashboard.
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert not Page.objects.get(pk=page.pk).live


@pytest.mark.parametrize(
    "view",
    ["download_pofile", "machine_translate", "preview_translation", "stop_translation"],
)
def test_localize_views_refuse_another_language(client, people, key_messages, view):
    german_job = translate(key_messages, people["german"])
    french_job = translate(key_messages, people["french"])
    login(client, people["fr"])
    refused = client.get(reverse(f"wagtail_localize:{view}", args=[german_job.pk]))
    assert refused.status_code == 404
    if view in ("download_pofile", "preview_translation"):
        allowed = client.get(reverse(f"wagtail_localize:{view}", args=[french_job.pk]))
        assert allowed.status_code == 200


def test_translator_cannot_edit_strings_of_another_language(client, people, key_messages):
    german_job = translate(key_messages, people["german"])
    segment = StringSegment.objects.filter(source=german_job.source).first()
    login(client, people["fr"])
    url = reverse("wagtail_localize:edit_string_translation", args=[german_job.pk, segment.pk])
    response = client.put(url, "value=Hallo", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 404
    assert not segment.string.translations.filter(locale=people["german"]).exists()


def test_sync_and_convert_to_alias_stay_with_the_secretariat(client, people, key_messages):
    job = translate(key_messages, people["french"])
    login(client, people["fr"])
    sync = reverse("wagtail_localize:update_translations", args=[job.source.pk])
    assert client.get(sync).status_code == 404
    page = job.get_target_instance()
    alias = reverse("wagtail_localize:convert_to_alias", args=[page.pk])
    assert client.post(alias).status_code == 404
    login(client, people["secretary"])
    assert client.get(sync).status_code == 200


def test_translator_never_reaches_closed_material_in_their_language(
    client, people, edition, key_messages, django_capture_on_commit_callbacks
):
    group = WorkingGroupPageFactory(parent=edition, number=1, title="Working Group 1")
    notes = SessionNotesPage(title="Closed notes", slug="notes")
    group.add_child(instance=notes)
    notes.save_revision().publish()
    job = translate(notes, people["french"])
    publish(job, people["secretary"], django_capture_on_commit_callbacks)
    french_notes = job.get_target_instance()
    assert access.is_closed(french_notes)
    login(client, people["fr"])
    assert not french_notes.permissions_for_user(people["fr"]).can_edit()
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[french_notes.pk]))
    assert edit.status_code in (302, 403, 404)
    submit = reverse("wagtail_localize:submit_page_translation", args=[notes.pk])
    assert client.post(submit, {"locales": [people["french"].pk]}).status_code == 404
    job = Translation.objects.get(
        target_locale=people["french"], source__object_id=notes.translation_key
    )
    assert client.get(reverse("wagtail_localize:download_pofile", args=[job.pk])).status_code == 404


def test_explorer_lists_the_translators_language_only(client, people, key_messages):
    french_page = translate(key_messages, people["french"]).get_target_instance()
    german_page = translate(key_messages, people["german"]).get_target_instance()
    pages = access.admin_pages(
        people["fr"],
        Page.objects.all(),
    )
    from seminar_pages.permissions import SeminarPagePermissionPolicy

    editable = SeminarPagePermissionPolicy(Page).instances_user_has_permission_for(
        people["fr"], "change"
    )
    assert french_page.pk in set(editable.values_list("pk", flat=True))
    assert german_page.pk not in set(editable.values_list("pk", flat=True))
    assert key_messages.pk not in set(editable.values_list("pk", flat=True))
    assert pages.filter(pk=french_page.pk).exists()


# Review ------------------------------------------------------------------------------


def test_translations_go_through_the_secretariats_review(
    client, people, key_messages, django_capture_on_commit_callbacks
):
    job = translate(key_messages, people["french"])
    translate_all_strings(job, people["fr"])
    page = job.get_target_instance()
    assert page.get_workflow().name == translation.REVIEW_WORKFLOW
    assert key_messages.get_workflow().name != translation.REVIEW_WORKFLOW
    login(client, people["fr"])
    url = reverse("outputs_admin:submit_for_review", args=[job.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    task = state.current_task_state.task.specific
    assert set(task.groups.values_list("name", flat=True)) == {access.SECRETARIAT}
    assert not Page.objects.get(pk=page.pk).live
    # The Secretariat approves, which publishes the translation.
    with django_capture_on_commit_callbacks(execute=True):
        task.on_action(state.current_task_state, people["secretary"], "approve")
    page = Page.objects.get(pk=page.pk)
    assert page.live
    assert "FR: " in page.title


def test_a_translator_of_another_language_cannot_submit_for_review(client, people, key_messages):
    job = translate(key_messages, people["french"])
    login(client, people["de"])
    response = client.post(reverse("outputs_admin:submit_for_review", args=[job.pk]))
    assert response.status_code == 404
    assert not WorkflowState.objects.exists()


# Status ------------------------------------------------------------------------------


def status_of(page, locale):
    return translation.translation_status([page], [locale])[(page.translation_key, locale.pk)]


def test_status_missing_without_a_translation(people, key_messages):
    assert status_of(key_messages, people["french"]).state == translation.State.MISSING


def test_status_missing_for_an_alias(people, key_messages):
    key_messages.get_parent().specific.copy_for_translation(
        people["french"], copy_parents=True, alias=True
    )
    key_messages.copy_for_translation(people["french"], alias=True)
    assert status_of(key_messages, people["french"]).state == translation.State.MISSING


def test_status_in_progress_counts_translated_strings(people, key_messages):
    job = translate(key_messages, people["french"])
    total = StringSegment.objects.filter(source=job.source).count()
    assert total >= 2
    from wagtail_localize.models import StringTranslation

    segment = StringSegment.objects.filter(source=job.source).first()
    StringTranslation.objects.create(
        translation_of=segment.string,
        locale=people["french"],
        context=segment.context,
        data="Traduit",
        last_translated_by=people["fr"],
    )
    status = status_of(key_messages, people["french"])
    assert status.state == translation.State.IN_PROGRESS
    assert status.percent == 100 // total
    assert status.last_by == "fr-translator"
    assert status.last_at is not None


def test_status_awaiting_review(people, key_messages):
    job = translate(key_messages, people["french"])
    translate_all_strings(job)
    translation.submit_for_review(job, people["fr"])
    assert status_of(key_messages, people["french"]).state == translation.State.AWAITING_REVIEW


def test_status_published(people, key_messages, django_capture_on_commit_callbacks):
    job = translate(key_messages, people["french"])
    translate_all_strings(job)
    publish(job, people["secretary"], django_capture_on_commit_callbacks)
    status = status_of(key_messages, people["french"])
    assert status.state == translation.State.PUBLISHED
    assert status.percent == 100
    assert status.last_by == "secretary"


def test_status_out_of_date_after_the_source_text_changed(
    people, key_messages, django_capture_on_commit_callbacks
):
    job = translate(key_messages, people["french"])
    translate_all_strings(job)
    publish(job, people["secretary"], django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        republish(key_messages, introduction="<p>New wording for the partners.</p>")
    assert status_of(key_messages, people["french"]).state == translation.State.OUT_OF_DATE


# Out of date ----------------------------------------------------------------------------


def test_changed_source_text_notifies_the_translators_of_its_languages(
    people, key_messages, django_capture_on_commit_callbacks
):
    translate(key_messages, people["french"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        republish(key_messages, introduction="<p>New wording for the partners.</p>")
    assert [message.to for message in mail.outbox] == [["fr@example.org"]]
    french_page = key_messages.get_translation(people["french"])
    assert reverse("wagtailadmin_pages:edit", args=[french_page.pk]) in mail.outbox[0].body


def test_republishing_unchanged_text_marks_nothing(
    people, key_messages, django_capture_on_commit_callbacks
):
    translate(key_messages, people["french"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        republish(key_messages)
    assert mail.outbox == []
    assert status_of(key_messages, people["french"]).state != translation.State.OUT_OF_DATE


def test_syncing_keeps_translations_of_unchanged_strings(
    people, key_messages, django_capture_on_commit_callbacks
):
    job = translate(key_messages, people["french"])
    translate_all_strings(job)
    publish(job, people["secretary"], django_capture_on_commit_callbacks)
    before = StringSegment.objects.filter(source=job.source).count()
    with django_capture_on_commit_callbacks(execute=True):
        republish(key_messages, introduction="<p>New wording for the partners.</p>")
    job.source.update_from_db()
    status = status_of(key_messages, people["french"])
    assert status.state == translation.State.IN_PROGRESS
    assert StringSegment.objects.filter(source=job.source).count() == before
    # Only the changed string lost its translation.
    assert status.percent == (before - 1) * 100 // before
    publish(job, people["secretary"], django_capture_on_commit_callbacks)
    french = Page.objects.get(pk=job.get_target_instance().pk).specific
    assert french.title.startswith("FR: ")


# PO files ---------------------------------------------------------------------------------


def upload(client, job, content, name="translation.po"):
    url = reverse("wagtail_localize:upload_pofile", args=[job.pk])
    next_url = reverse("wagtailadmin_pages:edit", args=[job.get_target_instance().pk])
    handle = io.BytesIO(content)
    handle.name = name
    return client.post(f"{url}?next={next_url}", {"file": handle}, follow=True)


def test_po_round_trip(client, people, key_messages):
    job = translate(key_messages, people["french"])
    login(client, people["fr"])
    response = client.get(reverse("wagtail_localize:download_pofile", args=[job.pk]))
    assert response.status_code == 200
    po = polib.pofile(response.content.decode())
    for entry in po:
        entry.msgstr = f"FR {entry.msgid}"
    response = upload(client, job, str(po).encode())
    assert response.status_code == 200
    status = status_of(key_messages, people["french"])
    assert status.percent == 100
    assert status.last_by == "fr-translator"


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\xff not a po file at all \xfe",
        b'msgid "Hello"\nmsgstr "Bonjour"\n',  # no translation header
    ],
    ids=["malformed", "without-header"],
)
def test_malformed_po_is_refused_and_changes_nothing(client, people, key_messages, content):
    from wagtail_localize.models import StringTranslation

    job = translate(key_messages, people["french"])
    login(client, people["fr"])
    response = upload(client, job, content)
    assert response.status_code == 200
    messages = [str(message) for message in response.context["messages"]]
    assert any("PO file" in message for message in messages)
    assert not StringTranslation.objects.filter(locale=people["french"]).exists()


def test_po_of_another_translation_is_refused(client, people, key_messages, edition):
    other = KeyMessagesPageFactory(parent=edition, title="Other", slug="other")
    other_job = translate(other, people["french"])
    job = translate(key_messages, people["french"])
    login(client, people["fr"])
    po = polib.pofile(
        client.get(
            reverse("wagtail_localize:download_pofile", args=[other_job.pk])
        ).content.decode()
    )
    for entry in po:
        entry.msgstr = "X"
    response = upload(client, job, str(po).encode())
    messages = [str(message) for message in response.context["messages"]]
    assert any("not downloaded for this translation" in message for message in messages)
    assert status_of(key_messages, people["french"]).percent == 0


def test_po_with_strings_the_page_no_longer_has_is_refused(client, people, key_messages):
    job = translate(key_messages, people["french"])
    login(client, people["fr"])
    po = polib.pofile(
        client.get(reverse("wagtail_localize:download_pofile", args=[job.pk])).content.decode()
    )
    for entry in po:
        entry.msgstr = "X"
    po.append(polib.POEntry(msgid="A sentence that was removed", msgctxt="gone", msgstr="Y"))
    response = upload(client, job, str(po).encode())
    messages = [str(message) for message in response.context["messages"]]
    assert any("no longer has" in message for message in messages)
    assert status_of(key_messages, people["french"]).percent == 0


def test_machine_translation_fills_the_translators_language(client, people, key_messages):
    job = translate(key_messages, people["french"])
    login(client, people["fr"])
    url = reverse("wagtail_localize:machine_translate", args=[job.pk])
    response = client.post(url)
    assert response.status_code == 302
    assert status_of(key_messages, people["french"]).percent == 100


def test_a_change_to_closed_material_notifies_no_translator(
    people, edition, django_capture_on_commit_callbacks
):
    group = WorkingGroupPageFactory(parent=edition, number=1, title="Working Group 1")
    notes = SessionNotesPage(title="CLOSED-NOTES-MARKER", slug="notes")
    group.add_child(instance=notes)
    notes.save_revision().publish()
    translate(notes, people["french"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        republish(notes, title="CLOSED-NOTES-MARKER, revised")
    assert mail.outbox == []


# Starting a translation --------------------------------------------------------------------


def test_a_translation_started_in_the_admin_is_a_draft_in_progress(
    client, people, key_messages, django_capture_on_commit_callbacks
):
    login(client, people["fr"])
    url = reverse("wagtail_localize:submit_page_translation", args=[key_messages.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"locales": [people["french"].pk]}).status_code == 302
    french_page = key_messages.get_translation(people["french"])
    assert not french_page.live
    status = status_of(key_messages, people["french"])
    assert (status.state, status.percent) == (translation.State.IN_PROGRESS, 0)


def test_a_site_that_would_publish_started_translations_fails_its_checks(settings):
    from seminar_pages.checks import check_translations_start_as_drafts

    assert check_translations_start_as_drafts() == []
    settings.WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = True
    assert [error.id for error in check_translations_start_as_drafts()] == ["seminar_pages.E001"]
    del settings.WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE
    assert [error.id for error in check_translations_start_as_drafts()] == ["seminar_pages.E001"]
