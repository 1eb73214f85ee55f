"""The demo: sample users for every role with the access that role gives, translations made
through wagtail-localize, closed notes, a background paper PDF and participants."""

import io

import pypdf
import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.documents import get_document_model
from wagtail.models import Locale, Page, PageLogEntry

from outputs.models import KeyMessagesPage
from outputs.sample import SAMPLE_USERS
from seminar_pages import access, translation
from seminar_pages.models import BackgroundPaperPage, EditionParticipant, SessionNotesPage

pytestmark = pytest.mark.django_db


def run(command, *args):
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.delenv("DEMO_USERS_PASSWORD", raising=False)
    run("load_seminar_archive")
    run("load_sample_content")
    return run("load_demo_users")


def users():
    return {user.username: user for user in get_user_model().objects.all()}


def notes():
    return SessionNotesPage.objects.get(
        locale=Locale.get_default(), url_path__contains="/23-2025/working-group-1/"
    )


def snapshot():
    return {
        "users": sorted(get_user_model().objects.values_list("username", "password")),
        "pages": sorted(Page.objects.values_list("pk", "live", "latest_revision_id")),
        "participants": EditionParticipant.objects.count(),
        "documents": get_document_model().objects.count(),
        "log entries": PageLogEntry.objects.count(),
    }


def test_demo_prints_every_sample_user_and_one_password(demo):
    for username, _last_name, _setup in SAMPLE_USERS:
        assert username in demo
    assert demo.count("Password of the new sample users: ") == 1
    password = demo.split("Password of the new sample users: ")[1].split()[0]
    for username, _last_name, _setup in SAMPLE_USERS:
        assert users()[username].check_password(password)


def test_a_second_run_changes_nothing(demo):
    before = snapshot()
    run("load_sample_content")
    again = run("load_demo_users")
    assert snapshot() == before
    assert "their passwords are unchanged" in again
    assert "Password of the new sample users" not in again


def test_demo_users_password_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("DEMO_USERS_PASSWORD", "sample-password-for-tests")
    run("load_seminar_archive")
    run("load_sample_content", "--editions", "23")
    output = run("load_demo_users")
    assert "sample-password-for-tests" not in output
    assert users()["sample-member"].check_password("sample-password-for-tests")


def test_demo_users_need_the_sample_content():
    run("load_seminar_archive")
    with pytest.raises(CommandError, match="load_sample_content"):
        run("load_demo_users")


def test_every_role_has_its_access(demo, client):
    people = users()
    page = notes()
    group = page.get_parent().specific
    french = Locale.objects.get(language_code="fr")
    japanese = Locale.objects.get(language_code="ja")

    assert access.can_manage_roles(people["sample-secretariat"])
    assert access.reads_all_closed_material(people["sample-steering"])
    assert access.approves_outputs(people["sample-steering"])
    roles = {
        (user.username, role)
        for user, role in access.role_holders(group)
        if user.username.startswith("sample-")
    }
    assert roles == {
        ("sample-member", "member"),
        ("sample-notetaker", "note_taker"),
        ("sample-rapporteur", "rapporteur"),
        ("sample-moderator", "moderator"),
    }
    for username in ("sample-notetaker", "sample-rapporteur", "sample-moderator"):
        assert group.translation_key in access.working_groups_with_admin_roles(people[username])
    assert access.may_translate(people["sample-translator-fr"], french)
    assert not access.may_translate(people["sample-translator-fr"], japanese)
    assert access.may_translate(people["sample-translator-ja"], japanese)
    assert not access.may_translate(people["sample-translator-ja"], french)
    assert people["sample-partner"].groups.filter(name=access.ASEM_PARTNERS).exists()
    assert not access.reads_all_closed_material(people["sample-partner"])

    # The closed notes: the member reads them; a translator and a visitor get a 404.
    assert access.is_closed(page)
    client.force_login(people["sample-member"])
    assert client.get(page.url).status_code == 200
    client.force_login(people["sample-translator-fr"])
    assert client.get(page.url).status_code == 404
    client.logout()
    assert client.get(page.url).status_code == 404


# wagtail-localize publishes in ``transaction.on_commit``: the order of its publications
# and the review's is the real one only when transactions really commit, as in the command.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_key_messages_are_translated_and_published_through_the_review(monkeypatch):
    monkeypatch.delenv("DEMO_USERS_PASSWORD", raising=False)
    run("load_seminar_archive")
    run("load_sample_content", "--editions", "23")
    output = run("load_demo_users")
    assert "translated into fr, ja and approved" in output
    source = KeyMessagesPage.objects.get(
        locale=Locale.get_default(), url_path__contains="/23-2025/"
    )
    titles = {}
    for code in ("fr", "ja"):
        locale = Locale.objects.get(language_code=code)
        page = source.get_translation(locale)
        assert page.live
        assert page.is_sample_content
        titles[code] = page.title
        status = translation.translation_status([source], [locale])[
            (source.translation_key, locale.pk)
        ]
        assert status.state == translation.State.PUBLISHED
        assert status.percent == 100
    assert titles == {"fr": "Messages clés (exemple)", "ja": "キーメッセージ（サンプル）"}
    assert "translated into" not in run("load_demo_users")


def test_background_paper_has_a_sample_pdf(demo, client):
    paper = BackgroundPaperPage.objects.get(
        locale=Locale.get_default(), url_path__contains="/23-2025/"
    )
    document = paper.document
    assert access.document_is_public(document)
    with document.file.open("rb") as handle:
        text = pypdf.PdfReader(handle, strict=True).pages[0].extract_text()
    assert "Sample content" in text
    assert "sample" in document.title.lower()


def test_participants_are_fictional_samples(demo):
    names = set(EditionParticipant.objects.values_list("name", flat=True))
    assert names
    assert all(name.startswith(("Sample Participant ", "Sample Invitee ")) for name in names)


def test_sample_invitees_can_be_assigned_to_the_sample_groups(demo):
    from outputs.sample import INVITEES_EDITION, SAMPLE_INVITEES
    from seminar_pages import assigning
    from seminar_pages.models import EditionPage

    edition = EditionPage.objects.get(number=INVITEES_EDITION, locale=Locale.get_default())
    assert f"{SAMPLE_INVITEES} sample invitees" in demo
    registered = list(assigning.registered(edition))
    assert len(registered) == SAMPLE_INVITEES - SAMPLE_INVITEES // 3
    proposal = assigning.propose(edition, users()["sample-secretariat"])
    assert proposal.solution.optimal
    assert set(proposal.solution.groups) == {person.pk for person in registered}
