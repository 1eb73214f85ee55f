"""The automatic sweep: every URL pattern of the site, every person who may not read the
closed material, every method.

The patterns come from Django's resolver, not from a list: a view added by an upgrade is
swept the day it appears, and the sweep fails if it meets an argument it cannot fill.
Each object argument is filled with closed objects and with ids that name nothing; the
two answers must be the same (status, headers, body with the id taken out) and carry no
marker of the closed material. The listings and counts these people reach are compared
before and after the closed material is added.
"""

import difflib
import os
import re
import sys
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core import mail
from django.core.files.base import ContentFile
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from wagtail.admin.models import EditingSession
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import (
    GroupApprovalTask,
    Locale,
    Page,
    PageViewRestriction,
    TaskState,
    UploadedFile,
    Workflow,
    WorkflowState,
)

from outputs.factories import (
    KeyMessagesPageFactory,
    RecommendationFactory,
    WorkingGroupReportPageFactory,
)
from outputs.models import DisseminationRecord, PartnerContact
from seminar_pages import access, gate, invitations
from seminar_pages.factories import (
    ConceptNotePageFactory,
    SessionNotesPageFactory,
    WorkingGroupPageFactory,
)
from seminar_pages.models import AsemPartner, EditionParticipant
from tests.utils import make_user

pytestmark = pytest.mark.django_db

MARKERS = [
    "MARKER-NOTES-TITLE",
    "MARKER-NOTES-BODY",
    "MARQUEUR-FR-NOTES",
    "MARKER-DRAFT-REPORT",
    "MARKER-DRAFT-REC",
    "MARKER-DOC-TITLE",
    "MARKER-DOC-FILE",
    "MARKER-PARTICIPANT",
    # The participant's account is named after their email.
    "marker-participant",
    "marker-notes-title",
    "MARKER-CONTACT",
    "marker-contact",
    "MARKER-EMBARGO",
    "MARQUEUR-EMBARGO",
    "marker-embargo",
]
MISSING = 987654
METHODS = ("get", "head", "post")


@dataclass
class Pattern:
    view_name: str
    namespace: str
    route: str
    arguments: list  # named arguments, in order
    positional: int  # unnamed groups


def url_patterns():
    """Every URL pattern of the site, with its full route and its arguments."""
    found = []

    def walk(patterns, prefix, namespaces):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(
                    pattern.url_patterns,
                    route,
                    [*namespaces, pattern.namespace] if pattern.namespace else namespaces,
                )
            elif isinstance(pattern, URLPattern):
                regex = pattern.pattern.regex
                arguments = list(regex.groupindex)
                found.append(
                    Pattern(
                        view_name=":".join([*namespaces, pattern.name or ""]),
                        namespace=":".join(namespaces),
                        route=route,
                        arguments=[name for name in arguments if name],
                        positional=regex.groups - len(regex.groupindex),
                    )
                )

    walk(get_resolver().url_patterns, "", [])
    # Signing out would end the session the sweep makes its requests in.
    return [pattern for pattern in found if pattern.view_name not in SIGNING_OUT]


SIGNING_OUT = {"wagtailadmin_logout"}

# Listings that still change when closed material is added below a public page, each a
# known, open oracle (count or marker, never the material itself). A difference in any
# other view fails the sweep.
KNOWN_DIFFERENCES = {
    # Not an oracle: PostgreSQL orders pages published in the same instant arbitrarily.
    "wagtailadmin_reports:aging_pages",
    "wagtailadmin_reports:aging_pages_results",
    # Not an oracle: /health/ shows each check's time taken, and lists no content.
    "health",
}


def build(pattern, values, positional=()):
    """The URL of ``pattern`` with ``values`` in its arguments."""
    route = pattern.route
    for name, value in values.items():
        route = re.sub(rf"\(\?P<{name}>[^)]*\)", str(value), route)
        route = re.sub(rf"<(?:\w+:)?{name}>", str(value), route)
    for value in positional:
        route = re.sub(r"\((?!\?)[^)]*\)", str(value), route, count=1)
    route = route.replace("^", "").replace("$", "").replace("\\.", ".").replace("\\", "")
    return "/" + route


# The world ---------------------------------------------------------------------------


@pytest.fixture
def sweep_world(edition, django_user_model):
    """Public material first; closed material is added by ``add_closed_material``."""
    french = Locale.objects.get_or_create(language_code="fr")[0]
    group_a = WorkingGroupPageFactory(parent=edition, number=1, slug="wg-1", theme="Group A")
    group_b = WorkingGroupPageFactory(parent=edition, number=2, slug="wg-2", theme="Group B")
    concept = ConceptNotePageFactory(parent=edition, slug="concept-note", title="Concept note")
    # A third group, in which nobody of the sweep holds a role, publishes its report.
    group_c = WorkingGroupPageFactory(parent=edition, number=3, slug="wg-3", theme="Group C")
    public_report = WorkingGroupReportPageFactory(
        parent=group_c,
        slug="report-b",
        title="Report of group B",
        recommendations=[RecommendationFactory.build(text="A public recommendation")],
    )
    public_document = get_document_model().objects.create(
        title="Public background", file=ContentFile(b"public", name="background.txt")
    )
    image = get_image_model().objects.create(title="Photo", file=get_test_image_file())
    # A published report with an earlier draft revision, which is closed material.
    public_report.title = "MARKER-DRAFT-REPORT earlier wording"
    earlier_revision = public_report.save_revision()
    public_report.title = "Report of group B"
    public_report.save_revision().publish()
    # The French tree down to group A, so that translating its notes adds no public page.
    group_a.copy_for_translation(french, copy_parents=True, alias=False).save_revision().publish()
    secretary = make_user(
        django_user_model, "secretary", groups=[Group.objects.get(name=access.SECRETARIAT)]
    )
    # A workflow is configuration: it exists before anything closed is in it.
    task = GroupApprovalTask.objects.create(name="Sweep review")
    task.groups.set([Group.objects.get(name=access.SECRETARIAT)])
    workflow = Workflow.objects.create(name="Sweep workflow")
    workflow.workflow_tasks.create(task=task, sort_order=0)
    people = {"anonymous": AnonymousUser()}
    people["other_member"] = make_user(django_user_model, "other-member")
    access.grant_role(secretary, people["other_member"], group_b, "member")
    people["other_rapporteur"] = make_user(django_user_model, "other-rapporteur")
    access.grant_role(secretary, people["other_rapporteur"], group_b, "rapporteur")
    access.grant_role(secretary, people["other_rapporteur"], group_b, "note_taker")
    translator = make_user(django_user_model, "translator")
    access.grant_translator(secretary, translator, french)
    people["translator"] = translator
    # One person in each other group of the site as it stands after the migrations,
    # Wagtail's own groups as the project took them over included.
    for group in Group.objects.exclude(
        name__in=[*access.READERS_OF_ALL_CLOSED_MATERIAL, access.TRANSLATORS]
    ):
        people[f"group:{group.name}"] = make_user(
            django_user_model, f"in-{group.pk}", groups=[group]
        )
    return {
        "edition": edition,
        "french": french,
        "partner": AsemPartner.objects.order_by("sort_order").first(),
        "group_a": group_a,
        "group_b": group_b,
        "concept": concept,
        "public_report": public_report,
        "public_recommendation": public_report.recommendations.get(),
        "earlier_revision": earlier_revision,
        "public_document": public_document,
        "image": image,
        "secretary": secretary,
        "task": task,
        "workflow": workflow,
        "people": people,
    }


def add_closed_material(world):
    """Closed notes (EN + FR) with a private recording, a draft report, a workflow on it,
    translations in progress, a redirect, personal data, an upload and editing sessions."""
    group_a, secretary, french = world["group_a"], world["secretary"], world["french"]
    document = get_document_model().objects.create(
        title="MARKER-DOC-TITLE recording",
        file=ContentFile(b"MARKER-DOC-FILE transcript", name="marker-recording.txt"),
        collection=access.private_collection(group_a),
    )
    notes = SessionNotesPageFactory(
        parent=group_a,
        title="MARKER-NOTES-TITLE session 1",
        slug="marker-notes-title",
        notes=[("paragraph", "<p>MARKER-NOTES-BODY was discussed.</p>")],
        recordings=[("recording", document)],
    )
    notes.save_revision().publish()
    french_notes = notes.copy_for_translation(french, copy_parents=True, alias=False)
    french_notes.title = "MARQUEUR-FR-NOTES séance 1"
    french_notes.save_revision().publish()
    draft = WorkingGroupReportPageFactory(
        parent=group_a,
        slug="report",
        title="MARKER-DRAFT-REPORT of group A",
        publish=False,
        recommendations=[RecommendationFactory.build(text="MARKER-DRAFT-REC text")],
    )
    task, workflow = world["task"], world["workflow"]
    # In review, by hand: starting it would let the approval run and publish the draft.
    workflow_state = WorkflowState.objects.create(
        content_type_id=draft.content_type_id,
        base_content_type_id=draft.get_base_content_type().pk,
        object_id=str(draft.pk),
        workflow=workflow,
        status=WorkflowState.STATUS_IN_PROGRESS,
        requested_by=secretary,
    )
    task_state = TaskState.objects.create(
        workflow_state=workflow_state, revision=draft.latest_revision, task=task
    )
    workflow_state.current_task_state = task_state
    workflow_state.save()

    from wagtail_localize.models import StringSegment, Translation, TranslationSource

    source, _created = TranslationSource.get_or_create_from_instance(notes)
    translation = Translation.objects.create(source=source, target_locale=french)
    segment = StringSegment.objects.filter(source=source).first()
    participant = EditionParticipant.objects.create(
        edition=world["edition"],
        name="MARKER-PARTICIPANT Name",
        organisation="Somewhere",
        email="marker-participant@example.org",
        expertise="MARKER-PARTICIPANT expertise",
    )
    # Invited, registered with a ranking, proposed for group A: personal data throughout.
    invitation = invitations.invite(participant)
    invitations.register(
        invitation,
        {
            "name": participant.name,
            "groups": [group_a, world["group_b"]],
            "expertise": "MARKER-PARTICIPANT expertise",
            "consent_text": "Sample notice",
        },
    )
    participant.refresh_from_db()
    participant.proposed_group = group_a
    participant.save()
    redirect = Redirect.objects.create(old_path="/old-notes", redirect_page=notes)
    restriction = PageViewRestriction.objects.create(
        page=draft, restriction_type=PageViewRestriction.LOGIN
    )
    upload = UploadedFile.objects.create(
        file=ContentFile(b"MARKER-DOC-FILE upload", name="marker-upload.txt"),
        uploaded_by_user=secretary,
    )
    session = EditingSession.objects.create(
        user=secretary,
        content_type_id=notes.content_type_id,
        object_id=str(notes.pk),
        last_seen_at=notes.first_published_at,
    )
    # The Secretariat's record of dissemination: a partner's contact is personal data.
    contact = PartnerContact.objects.create(
        partner=world["partner"], name="MARKER-CONTACT", email="marker-contact@example.org"
    )
    world.update(
        closed_pages=[notes, french_notes, draft],
        closed_revisions=[
            (draft.pk, draft.latest_revision_id, True),
            (world["public_report"].pk, world["earlier_revision"].pk, False),
        ],
        contact=contact,
        notes=notes,
        french_notes=french_notes,
        draft=draft,
        draft_recommendation=draft.recommendations.get(),
        document=document,
        workflow_state=workflow_state,
        task_state=task_state,
        source=source,
        translation=translation,
        segment=segment,
        participant=participant,
        redirect=redirect,
        restriction=restriction,
        upload=upload,
        session=session,
    )


# Readers of material under embargo (``access.reads_under_embargo``): the ASEM Partners,
# the holders of page rights on it, the translators into its languages (here French). They
# are left out of the embargo's sweep, and shown to read it.
EMBARGO_READERS = {
    f"group:{access.ASEM_PARTNERS}",
    f"group:{access.PUBLIC_EDITORS}",
    "translator",
}


def add_embargoed_material(world):
    """Key Messages published under embargo (EN + FR), released in a month, with the
    Secretariat's record that a partner received them."""
    import datetime

    from django.utils import timezone

    key_messages = KeyMessagesPageFactory(
        parent=world["edition"],
        slug="marker-embargo-messages",
        title="MARKER-EMBARGO Key Messages",
        introduction="<p>MARKER-EMBARGO messages for the partners.</p>",
        embargo_until=timezone.now() + datetime.timedelta(days=30),
    )
    french_messages = key_messages.copy_for_translation(world["french"], alias=False)
    french_messages.title = "MARQUEUR-EMBARGO Messages clés"
    french_messages.save_revision().publish()
    DisseminationRecord.objects.create(
        key_messages=key_messages,
        partner=world["partner"],
        sent_on=timezone.localdate(),
        language="en",
        channel="note",
        recorded_by=world["secretary"],
    )
    world.update(
        key_messages=key_messages,
        french_messages=french_messages,
        closed_pages=[key_messages, french_messages],
        # Its PDF (``pdf/``) is answered through the same page.
        closed_urls=[f"{key_messages.url}pdf/", f"{french_messages.url}pdf/"],
        closed_revisions=[
            (key_messages.pk, key_messages.live_revision_id, False),
            (french_messages.pk, french_messages.live_revision_id, False),
        ],
    )


MATERIAL = {"closed": add_closed_material, "embargo": add_embargoed_material}


# Filling arguments -------------------------------------------------------------------


def _ids(world, *paths):
    """The values at ``paths`` ("notes", "source.stringsegment_set.first.pk") that exist yet."""
    found = []
    for path in paths:
        name, *attributes = path.split(".")
        value = world.get(name)
        for attribute in attributes or ["pk"]:
            if value is None:
                break
            value = getattr(value, attribute)
            value = value() if callable(value) else value
        if value is not None:
            found.append(value)
    return found


def _page_values(world):
    return {
        "closed": [page.pk for page in world.get("closed_pages", [])],
        "public": _ids(world, "group_a"),
    }


def fillers(world):
    """argument -> {"closed": [...], "public": [...]} (``MISSING`` is always tried)."""
    page = _page_values(world)
    document = {"closed": _ids(world, "document"), "public": _ids(world, "public_document")}

    def closed(*paths):
        return {"closed": _ids(world, *paths), "public": []}

    return {
        "page_id": page,
        "parent_page_id": page,
        "page_to_move_id": page,
        "destination_id": page,
        "page_pk": page,
        "object_id": page,
        "task_id": closed("task"),
        "workflow_pk": closed("workflow_state.workflow_id"),
        "document_id": document,
        "doc_id": document,
        "image_id": {"closed": [], "public": _ids(world, "image")},
        "uploaded_file_id": closed("upload"),
        "collection_id": closed("document.collection_id"),
        "translation_id": closed("translation"),
        "translation_source_id": closed("source"),
        "string_segment_id": closed("segment"),
        "overridable_segment_id": closed(),
        "redirect_id": closed("redirect"),
        "restriction_id": closed("restriction"),
        "page_view_restriction_id": closed("restriction"),
        "session_id": closed("session"),
        "partner_id": closed("partner"),
        # The Secretariat's views of an edition's people, and of one participant.
        "edition_id": closed("edition"),
        "participant_id": closed("participant"),
        "identifier": {
            "closed": _ids(world, "draft_recommendation.identifier"),
            "public": _ids(world, "public_recommendation.identifier"),
        },
        # Feeds of an edition (by number) and of a theme (by slug).
        "edition": {"closed": [], "public": _ids(world, "edition.number")},
        "theme": {
            "closed": [],
            "public": [topic.slug for topic in world["edition"].topics.all()],
        },
    }


def values_for(pattern, argument, world):
    """{"closed": [...], "public": [...]} for one argument of ``pattern``, or None."""
    name = pattern.view_name
    area = pattern.namespace.split(":")[0]
    if argument == "pk":
        if area == "wagtailadmin_pages" or name.startswith("wagtailadmin_api:pages"):
            return _page_values(world)
        if name.startswith("wagtailadmin_api:documents") or area == "wagtaildocs_chooser":
            return fillers(world)["document_id"]
        if name.startswith("wagtailadmin_api:images") or area == "wagtailimages_chooser":
            return fillers(world)["image_id"]
        if "partnercontact" in pattern.route:
            return {"closed": _ids(world, "contact"), "public": []}
        if "editionparticipant" in pattern.route or area == "wagtail_localize":
            return {"closed": _ids(world, "participant"), "public": []}
        if area == "recommendation_chooser":
            return {
                "closed": _ids(world, "draft_recommendation"),
                "public": _ids(world, "public_recommendation"),
            }
        if gate.SNIPPET_NAMESPACE.match(area):
            # Shared vocabulary (topics, partners): nothing of it is closed.
            return {"closed": [], "public": []}
        # The Secretariat's areas: users, groups, sites, locales, workflows, tasks, collections.
        return {"closed": _ids(world, "secretary", "task"), "public": []}
    return fillers(world).get(argument)


# Arguments that name no object, filled with a value that makes the URL resolve.
SETTINGS = {
    "action_name": "approve",
    "action": "delete",
    "filter_spec": "original",
    "mode": "desktop",
    "uidb64": "MQ",
    "token": "set-password",
    "content_type_app_name": "seminar_pages",
    "content_type_model_name": "conceptnotepage",
}


def model_of(pattern):
    """(app, model) for arguments ``app_label``/``model_name`` of ``pattern``."""
    name = pattern.view_name
    if name.startswith("wagtail_bulk_action"):
        return ("wagtailcore", "page")
    if "editing_sessions" in name:
        return ("wagtailcore", "page")
    if name.startswith("wagtail_localize"):
        return ("seminar_pages", "editionparticipant")
    if "tag" in name:
        return ("wagtaildocs", "document")
    if "workflows" in name:
        return ("wagtailcore", "groupapprovaltask")
    return ("seminar_pages", "conceptnotepage")


def settings_for(pattern):
    values = {}
    app, model = model_of(pattern)
    for argument in pattern.arguments:
        if argument in {"app_label", "app_name"}:
            values[argument] = app
        elif argument == "model_name":
            values[argument] = model
        elif argument in SETTINGS:
            values[argument] = SETTINGS[argument]
    return values


def object_arguments(pattern):
    return [name for name in pattern.arguments if name not in gate.NOT_OBJECTS]


REVISION_ARGUMENTS = {"revision_id", "revision_id_a", "revision_id_b"}
WORKFLOW_ARGUMENTS = {"task_state_id", "workflow_state_id"}
PAGE_ARGUMENTS = {"page_id", "pk"}


def _serve_variants(pattern, world, kind):
    """The two views that take positional arguments: documents and pages by path."""
    if pattern.view_name == "wagtaildocs_serve":
        document = {"closed": world.get("document"), "public": world["public_document"]}
        if kind == "missing":
            return [(build(pattern, {}, (MISSING, "marker-recording.txt")), MISSING)]
        found = document[kind]
        if found is None:
            # The embargo's material holds no document.
            return []
        return [(build(pattern, {}, (found.pk, found.filename)), found.pk)]
    if kind == "missing":
        return [(f"{world['group_a'].url}nothing-{MISSING}/", f"nothing-{MISSING}")]
    if kind == "public":
        return [(page.url, None) for page in world["public_pages"]]
    pages = [(page.url, page.slug) for page in world["closed_pages"]]
    return pages + [(url, None) for url in world.get("closed_urls", [])]


def variants(pattern, world, kind):
    """URLs of ``pattern`` with every object argument of the ``kind`` (closed, public,
    missing), each with the value that names it, or None when an argument cannot be
    filled."""
    if pattern.positional:
        if pattern.view_name in {"wagtaildocs_serve", "wagtail_serve"}:
            return _serve_variants(pattern, world, kind)
        return None
    base = settings_for(pattern)
    arguments = object_arguments(pattern)
    if kind == "missing":
        values = dict(base, **dict.fromkeys(arguments, MISSING))
        return [(build(pattern, values), MISSING)]
    if set(arguments) & (REVISION_ARGUMENTS | WORKFLOW_ARGUMENTS):
        return _revision_variants(pattern, world, kind, base, arguments)
    if not arguments:
        return [(build(pattern, base), None)] if kind == "public" else []
    options = {}
    for argument in arguments:
        found = values_for(pattern, argument, world)
        if found is None:
            return None
        options[argument] = found[kind]
    urls = []
    for index in range(max((len(values) for values in options.values()), default=0)):
        values = dict(base)
        for argument, candidates in options.items():
            if not candidates:
                break
            values[argument] = candidates[min(index, len(candidates) - 1)]
        else:
            named = values.get(arguments[0]) if arguments else None
            urls.append((build(pattern, values), named))
    return urls


def _revision_variants(pattern, world, kind, base, arguments):
    """Revisions and workflow states are named below the page they belong to: the draft
    report, and an earlier draft revision of a published report."""
    report = world["public_report"]
    if kind == "public":
        combos = [(report.pk, report.live_revision_id, None)]
    else:
        combos = [
            (page_pk, revision_pk, world if in_workflow else None)
            for page_pk, revision_pk, in_workflow in world["closed_revisions"]
        ]
    urls = []
    for page_pk, revision_pk, state in combos:
        values = dict(base)
        for argument in arguments:
            if argument in PAGE_ARGUMENTS:
                values[argument] = page_pk
            elif argument in REVISION_ARGUMENTS:
                values[argument] = revision_pk
            elif argument == "task_state_id" and state is not None:
                values[argument] = state["task_state"].pk
            elif argument == "workflow_state_id" and state is not None:
                values[argument] = state["workflow_state"].pk
            else:
                break
        else:
            urls.append((build(pattern, values), page_pk))
    return urls


def fillable(pattern, world):
    return variants(pattern, world, "closed") is not None


# Comparing answers -------------------------------------------------------------------

VOLATILE = [
    (re.compile(r"\b[A-Za-z0-9]{64}\b"), "csrf"),
    (re.compile(r'"csrfToken": ?"[^"]+"'), "csrf"),
    (re.compile(r"csrftoken=[^;]+"), "csrf"),
    (re.compile(r'data-w-session-[a-z-]+="[^"]*"'), "session"),
    (re.compile(r"/editing-sessions/[^\"']+"), "/editing-sessions/"),
    (re.compile(r"\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT"), "http-date"),
    (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(\+\d\d:\d\d|Z)?"), "time"),
    # Human-readable dates ("2 minutes ago") move on while the sweep runs.
    (re.compile(r"<time\b[^>]*>.*?</time>", re.DOTALL), "time"),
    (re.compile(r"(\d+(&nbsp;|\s))?(minutes?|seconds?|hours?) ago|Just now"), "ago"),
    (re.compile(r'data-w-tooltip-content-value="[^"]*"'), "tooltip"),
    # Messages queued by an earlier request of the same person.
    (re.compile(r"has-messages"), ""),
    (re.compile(r'<li class="(error|success|warning|info)">.*?</li>', re.DOTALL), ""),
    (re.compile(r"\s+"), " "),
    # Keys of rich-text blocks are drawn at random on each render.
    (re.compile(r"&quot;key&quot;: &quot;\w+&quot;"), "key"),
]


def answer(client, method, url):
    response = getattr(client, method)(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    headers = {
        key: value for key, value in response.items() if key not in {"Content-Length", "Date"}
    }
    return response.status_code, headers, body.decode(errors="replace")


def normalised(text, url=None):
    """``text`` without per-request values, and without ``url`` itself (a login redirect
    or a "not found" page may name the address that was asked for)."""
    for pattern, replacement in VOLATILE:
        text = pattern.sub(replacement, text)
    if url is not None:
        for form in {url, quote(url), quote(url, safe="")}:
            text = text.replace(form, "URL")
    return text


def assert_no_marker(where, status, headers, body, outbox):
    text = body + str(headers) + "".join(message.body + message.subject for message in outbox)
    for marker in MARKERS:
        assert marker not in text, f"{where}: {marker}"


def _keep_difference(where, before, after):
    """With SWEEP_DIFFERENCES=dir, write what differs there, for a person to read."""
    folder = os.environ.get("SWEEP_DIFFERENCES")
    if folder:
        lines = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=1)
        name = re.sub(r"[^\w]+", "_", where)[:150]
        with open(os.path.join(folder, name + ".diff"), "w") as out:
            out.write(where + "\n" + "\n".join(lines))


def client_for(user):
    client = Client(raise_request_exception=False)
    if user.is_authenticated:
        client.force_login(user)
    return client


def test_the_gate_knows_every_object_argument_of_every_url():
    unknown = [
        f"{pattern.view_name} ({pattern.route}): {argument}"
        for pattern in url_patterns()
        for argument in pattern.arguments
        if not gate.knows(pattern.namespace, pattern.view_name, argument)
    ]
    assert unknown == []


def test_an_argument_nobody_classified_is_refused(client, sweep_world):
    assert not gate.knows("wagtailadmin_pages", "wagtailadmin_pages:edit", "frobnicate_id")
    assert gate.knows("wagtailadmin_pages", "wagtailadmin_pages:edit", "page_id")


@pytest.mark.sweep
@pytest.mark.parametrize("material", list(MATERIAL))
def test_sweep_closed_material_is_indistinguishable_from_nothing(
    sweep_world, settings, material, django_user_model
):
    """``closed``: closed-door material, for everyone who may not read it; ``embargo``: Key
    Messages under embargo, for everyone but their readers (``EMBARGO_READERS``)."""
    settings.WAGTAILADMIN_BASE_URL = "http://testserver"
    world = sweep_world
    patterns = url_patterns()
    people = dict(world["people"])
    if material == "embargo":
        for who in EMBARGO_READERS:
            del people[who]
        # A translator into a language the messages are not translated into reads nothing.
        german = Locale.objects.get_or_create(language_code="de")[0]
        people["other_translator"] = make_user(django_user_model, "other-translator")
        access.grant_translator(world["secretary"], people["other_translator"], german)
    clients = {who: client_for(user) for who, user in people.items()}

    # Listings and counts, before and after the closed material exists.
    world["public_pages"] = list(Page.objects.live().filter(depth__gt=1).specific())
    before = {}
    for pattern in patterns:
        urls = variants(pattern, world, "public") or []
        for url, _named in urls:
            for who, client in clients.items():
                before[(who, url)] = answer(client, "get", url)

    MATERIAL[material](world)
    mail.outbox.clear()

    unfillable = [pattern.view_name for pattern in patterns if not fillable(pattern, world)]
    assert unfillable == [], "patterns the sweep cannot fill"

    changed = []
    residual = []
    for (who, url), (status, _headers, body) in before.items():
        after = answer(clients[who], "get", url)
        assert_no_marker(f"{who} GET {url}", *after, mail.outbox)
        if (status, normalised(body)) != (after[0], normalised(after[2])):
            _keep_difference(f"{who} GET {url}", normalised(body), normalised(after[2]))
            if resolve(url.split("?")[0]).view_name in KNOWN_DIFFERENCES:
                residual.append(url)
                continue
            changed.append(
                f"{who} GET {url}: {status} -> {after[0]} {after[1].get('Location', '')}"
            )
    listing_failures = changed

    requests = 0
    differing = []
    for pattern in patterns:
        if not object_arguments(pattern) and not pattern.positional:
            continue
        closed = variants(pattern, world, "closed")
        (missing_url, _missing) = variants(pattern, world, "missing")[0]
        for who, client in clients.items():
            for method in METHODS:
                twins = {}
                for url, _named in closed:
                    if pattern.view_name == "wagtail_serve":
                        # The twin of a page is a missing page beside it, in its language.
                        missing_url = url.rstrip("/").rsplit("/", 1)[0] + f"/nothing-{MISSING}/"
                    if missing_url not in twins:
                        twins[missing_url] = answer(client, method, missing_url)
                    twin = twins[missing_url]
                    got = answer(client, method, url)
                    requests += 2
                    assert_no_marker(f"{who} {method} {url}", *got, mail.outbox)
                    if (got[0], normalised(str(got[1]) + got[2], url)) != (
                        twin[0],
                        normalised(str(twin[1]) + twin[2], missing_url),
                    ):
                        _keep_difference(
                            f"twin {who} {method} {url}",
                            normalised(str(got[1]) + got[2], url),
                            normalised(str(twin[1]) + twin[2], missing_url),
                        )
                        differing.append(f"{who} {method.upper()} {url}: {got[0]} vs {twin[0]}")
    sys.stderr.write(
        f"sweep: {len(patterns)} patterns, {len(people)} people, {len(before) * 2} listing "
        f"requests, {requests} object requests, {len(residual)} known listing differences\n"
    )
    assert differing == [], "answers that differ from their nonexistent twin:\n" + "\n".join(
        differing
    )
    assert listing_failures == [], "listings that change when closed material is added:\n" + (
        "\n".join(listing_failures)
    )
    if material == "embargo":
        # Its readers do read it, and everyone else does not find it.
        for who in EMBARGO_READERS:
            reader = client_for(world["people"][who])
            response = reader.get(world["key_messages"].url)
            assert response.status_code == 200, who
            assert "MARKER-EMBARGO" in response.content.decode(), who
            assert world["key_messages"].url in reader.get(world["edition"].url).content.decode()


# The page cache, every URL ----------------------------------------------------------


def _close_group(world):
    access.close_page(world["public_report"].get_parent())


def _restrict_group(world):
    PageViewRestriction.objects.create(
        page=world["public_report"].get_parent(), restriction_type=PageViewRestriction.LOGIN
    )


def _unpublish_report(world):
    world["public_report"].unpublish()


def _delete_report(world):
    world["public_report"].delete()


def _retitle_edition(world):
    edition = world["edition"]
    edition.title = "A retitled edition"
    edition.save_revision().publish()


def _rename_topic(world):
    topic = world["edition"].topics.first()
    topic.name = "A renamed topic"
    topic.save()


def _move_report(world):
    world["public_report"].move(world["group_b"], pos="last-child")


def _translate_report(world):
    report = world["public_report"]
    french = report.copy_for_translation(world["french"], copy_parents=True, alias=False)
    french.title = "Rapport du groupe B"
    french.save_revision().publish()


CHANGES = {
    "close": _close_group,
    "restrict": _restrict_group,
    "unpublish": _unpublish_report,
    "delete": _delete_report,
    "retitle": _retitle_edition,
    "rename_topic": _rename_topic,
    "move": _move_report,
    "translate": _translate_report,
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_page_cache_serves_no_answer_that_a_change_made_stale(
    sweep_world, settings, change, django_capture_on_commit_callbacks
):
    """Every URL the resolver gives that an anonymous reader reaches is stored, then the
    site changes (a public working group with its published report closed or restricted,
    the report unpublished, deleted, moved or translated, the edition retitled, a topic
    renamed), and each answer the page cache still gives must be what a fresh render
    gives now."""
    from django.core.cache import caches

    settings.WAGTAILADMIN_BASE_URL = "http://testserver"
    settings.PAGE_CACHE_ENABLED = True
    caches[settings.PAGE_CACHE_ALIAS].clear()
    world = sweep_world
    world["public_pages"] = list(Page.objects.live().filter(depth__gt=1).specific())
    paths = {
        url
        for pattern in url_patterns()
        for url, _named in variants(pattern, world, "public") or []
    }
    # Each with a query string too: a search that finds the report, stored under its path.
    urls = sorted(paths | {f"{url}?q=public+recommendation" for url in paths})
    anonymous = Client(raise_request_exception=False)
    before = {url: answer(anonymous, "get", url) for url in urls}
    stored = [url for url, (_s, headers, _b) in before.items() if headers.get("X-Page-Cache")]
    with django_capture_on_commit_callbacks(execute=True):
        CHANGES[change](world)

    stale, changed, hits = [], [], 0
    for url in urls:
        cached = answer(anonymous, "get", url)
        with override_settings(PAGE_CACHE_ENABLED=False):
            fresh = answer(anonymous, "get", url)
        if (before[url][0], normalised(before[url][2], url)) != (
            fresh[0],
            normalised(fresh[2], url),
        ):
            changed.append(url)
        if cached[1].get("X-Page-Cache") != "hit":
            continue  # rendered now: nothing stale can come of it
        hits += 1
        if (cached[0], normalised(cached[2], url)) != (fresh[0], normalised(fresh[2], url)):
            _keep_difference(f"cache {url}", normalised(cached[2], url), normalised(fresh[2], url))
            stale.append(url)
    sys.stderr.write(
        f"page cache sweep ({change}): {len(urls)} URLs, {len(stored)} stored, "
        f"{len(changed)} changed, {hits} still served from the cache\n"
    )
    # Not vacuous: the sweep stored pages, the change showed on some, others stayed stored.
    assert "/api/v1/recommendations/?q=public+recommendation" in stored and "/en/" in stored
    assert changed and hits > 0
    if change in ("close", "restrict", "unpublish", "delete"):
        report = world["public_report"]
        assert report.url in stored and report.url in changed
        assert "/en/search/" in changed
    assert stale == [], "stale answers from the page cache:\n" + "\n".join(stale)
