"""Sample content for the demo: working groups, reports with recommendations, Key Messages,
closed session notes, a background paper PDF, participants, and the French and Japanese
translations of Key Messages.

Every page made here is flagged as sample content and says so to its readers. It is
attached to real editions of the archive but describes no real discussion, person or
output; the participants are fictional and named as samples.
"""

import datetime
import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.models import Locale
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.operations import TranslationCreator

from outputs.compilation import compile_seminar_report
from outputs.factories import (
    KeyMessagesPageFactory,
    RecommendationFactory,
    SeminarReportPageFactory,
    WorkingGroupReportPageFactory,
)
from outputs.models import (
    Addressee,
    KeyMessagesPage,
    Level,
    Recommendation,
    SeminarReportPage,
    WorkingGroupReportPage,
)
from seminar_pages import access
from seminar_pages import translation as workflow
from seminar_pages.factories import (
    BackgroundPaperPageFactory,
    ConceptNotePageFactory,
    ProgrammePageFactory,
    SessionNotesPageFactory,
    WorkingGroupPageFactory,
)
from seminar_pages.models import (
    BackgroundPaperPage,
    EditionPage,
    EditionParticipant,
    SessionNotesPage,
    WorkingGroupPage,
)

SAMPLE_EDITIONS = (22, 23, 24)
REPORTED_EDITIONS = (22, 23)
GROUPS = (
    ("Laws, policies and accountability", "Sample content: how law and policy can close gaps."),
    ("Participation and inclusion", "Sample content: who takes part and who is left out."),
    ("Cooperation between Asia and Europe", "Sample content: what partners can do together."),
)
RECOMMENDATIONS = (
    (
        "Sample recommendation: review national legislation against international human rights "
        "standards, with the participation of civil society.",
        Level.NATIONAL,
        ("governments", "parliaments", "civil_society"),
    ),
    (
        "Sample recommendation: give national human rights institutions the mandate and resources "
        "to monitor implementation.",
        Level.NATIONAL,
        ("governments", "nhris"),
    ),
    (
        "Sample recommendation: establish a regional exchange of promising practices between "
        "Asian and European mechanisms.",
        Level.REGIONAL,
        ("regional_mechanisms", "asef_asem"),
    ),
    (
        "Sample recommendation: report on progress to the UN treaty bodies and invite follow-up "
        "by international organisations.",
        Level.INTERNATIONAL,
        ("international", "governments"),
    ),
)
SAMPLE_TEXT = (
    "<p>Sample content: this text demonstrates the system and reports no real discussion.</p>"
)
# Fictional people, one per working group and two without a group (sample content).
SAMPLE_PARTICIPANTS = (
    ("Sample Participant Alpha", "Sample Civil Society Network", 1),
    ("Sample Participant Bravo", "Sample National Human Rights Institution", 2),
    ("Sample Participant Charlie", "Sample University", 3),
    ("Sample Participant Delta", "Sample Ministry of Foreign Affairs", None),
)
SAMPLE_NOTES_TEXT = (
    "<p>Sample content: closed-door notes of the first session. Under the Chatham House Rule "
    "they record what was said, never who said it.</p>"
)


def _programme_days(edition):
    day = datetime.date(edition.year, edition.month or 11, 4)
    return [
        (
            "day",
            {
                "date": day,
                "label": "Day 1",
                "sessions": [
                    {
                        "kind": "opening_plenary",
                        "start": datetime.time(9, 0),
                        "end": datetime.time(11, 0),
                        "title": "Opening Plenary",
                        "description": SAMPLE_TEXT,
                        "keynotes": [
                            {"speaker": "Keynote speaker (sample)", "title": "Keynote address"}
                        ],
                    },
                ],
            },
        ),
        (
            "day",
            {
                "date": day + datetime.timedelta(days=1),
                "label": "Day 2",
                "sessions": [
                    {
                        "kind": "working_groups",
                        "start": datetime.time(9, 0),
                        "end": datetime.time(17, 0),
                        "title": "Parallel Working Group sessions (closed-door)",
                        "description": SAMPLE_TEXT,
                        "keynotes": [],
                    },
                ],
            },
        ),
        (
            "day",
            {
                "date": day + datetime.timedelta(days=2),
                "label": "Day 3",
                "sessions": [
                    {
                        "kind": "closing_plenary",
                        "start": datetime.time(9, 30),
                        "end": datetime.time(12, 0),
                        "title": "Closing Plenary",
                        "description": SAMPLE_TEXT,
                        "keynotes": [],
                    },
                ],
            },
        ),
    ]


@transaction.atomic
def build_sample_content(numbers=SAMPLE_EDITIONS):
    """Add sample pages to the given editions; an edition that already has them is skipped.

    Returns:
        The numbers of the editions that received sample content.
    """
    addressees = {addressee.code: addressee for addressee in Addressee.objects.all()}
    built = []
    for edition in EditionPage.objects.filter(number__in=numbers).order_by("number"):
        if edition.get_children().exists():
            if _add_sample_extras(edition):
                built.append(edition.number)
            continue
        themes = list(edition.topics.all())
        ConceptNotePageFactory(
            parent=edition,
            title="Concept Note (sample)",
            slug="concept-note",
            is_sample_content=True,
            introduction=SAMPLE_TEXT,
            body=[
                (
                    "guiding_questions",
                    {
                        "working_group": f"Working Group {n}: {theme}",
                        "questions": [
                            "Sample question: which gaps remain?",
                            "Sample question: what has worked?",
                        ],
                    },
                )
                for n, (theme, _) in enumerate(GROUPS, 1)
            ],
        )
        BackgroundPaperPageFactory(
            parent=edition,
            title="Background Paper (sample)",
            slug="background-paper",
            is_sample_content=True,
            lead_rapporteur="Lead Rapporteur (sample)",
            summary="Sample content: an outline of the analytical foundation of the discussions.",
            body=[("paragraph", SAMPLE_TEXT)],
        )
        ProgrammePageFactory(
            parent=edition,
            title="Programme (sample)",
            slug="programme",
            is_sample_content=True,
            days=_programme_days(edition),
        )
        reported = edition.number in REPORTED_EDITIONS
        for number, (theme, description) in enumerate(GROUPS, 1):
            group = WorkingGroupPageFactory(
                parent=edition,
                number=number,
                theme=theme,
                is_sample_content=True,
                title=f"Working Group {number}: {theme} (sample)",
                slug=f"working-group-{number}",
                description=f"<p>{description}</p>",
                moderator="Moderator (sample)",
                rapporteurs="Rapporteur A (sample), Rapporteur B (sample)",
                capacity=28,
                guiding_questions=[("question", "Sample question: which gaps remain?")],
            )
            if not reported:
                continue
            WorkingGroupReportPageFactory(
                parent=group,
                title=f"Working Group {number} Report (sample)",
                slug="report",
                is_sample_content=True,
                summary=SAMPLE_TEXT,
                gaps_national=SAMPLE_TEXT,
                gaps_regional=SAMPLE_TEXT,
                gaps_international=SAMPLE_TEXT,
                lessons_learned=SAMPLE_TEXT,
                promising_practices=SAMPLE_TEXT,
                challenges=SAMPLE_TEXT,
                recommendations=[
                    RecommendationFactory.build(
                        text=text,
                        level=level,
                        themes=themes,
                        addressees=[addressees[code] for code in codes if code in addressees],
                    )
                    for text, level, codes in RECOMMENDATIONS
                ],
            )
        if reported:
            prefix = f"HR{edition.number}"
            KeyMessagesPageFactory(
                parent=edition,
                title="Key Messages (sample)",
                slug="key-messages",
                is_sample_content=True,
                introduction=SAMPLE_TEXT,
                messages=[
                    (
                        "message",
                        {
                            "heading": f"Sample message {n}",
                            "text": SAMPLE_TEXT,
                            "recommendations": _sample_recommendations(
                                f"{prefix}-WG{n}-R01", f"{prefix}-WG{n}-R02"
                            ),
                        },
                    )
                    for n in range(1, len(GROUPS) + 1)
                ],
            )
            SeminarReportPageFactory(
                parent=edition,
                title="Seminar Report (sample)",
                slug="seminar-report",
                is_sample_content=True,
                summary=SAMPLE_TEXT,
                introduction=SAMPLE_TEXT,
                plenary_summaries=[
                    ("plenary", {"title": "Opening Plenary", "summary": SAMPLE_TEXT}),
                    ("plenary", {"title": "Closing Plenary", "summary": SAMPLE_TEXT}),
                ],
                conclusions=SAMPLE_TEXT,
            )
        _add_sample_extras(edition)
        built.append(edition.number)
    return built


def _sample_recommendations(*identifiers):
    """The source-language records of ``identifiers``, as the Key Messages carry them."""
    found = Recommendation.objects.filter(identifier__in=identifiers, locale=Locale.get_default())
    by_identifier = {item.identifier: item for item in found}
    return [by_identifier[identifier] for identifier in identifiers if identifier in by_identifier]


def _add_sample_extras(edition):
    """Closed notes, the background paper's PDF, participants and the compiled Seminar
    Report, where they are missing.

    Only sample pages receive them, so that an edition with real content is left alone and
    a demo database made before they existed gets them on the next run.

    Returns:
        Whether anything was added.
    """
    added = False
    group = (
        WorkingGroupPage.objects.child_of(edition)
        .filter(slug="working-group-1", is_sample_content=True)
        .first()
    )
    if group is not None and not SessionNotesPage.objects.child_of(group).exists():
        SessionNotesPageFactory(
            parent=group,
            title="Session 1 notes (sample)",
            slug="session-1",
            is_sample_content=True,
            session_date=datetime.date(edition.year, edition.month or 11, 5),
            notes=[("paragraph", SAMPLE_NOTES_TEXT)],
        )
        added = True
    paper = (
        BackgroundPaperPage.objects.child_of(edition)
        .filter(is_sample_content=True, document__isnull=True)
        .first()
    )
    if paper is not None:
        document = get_document_model().objects.create(
            title=f"Background Paper of the {edition.ordinal} edition (sample PDF)",
            file=ContentFile(
                sample_pdf(
                    [
                        f"Background Paper (sample) - {edition.ordinal} Informal ASEM Seminar "
                        "on Human Rights",
                        "Sample content: this file demonstrates the system.",
                        "It reports no real discussion and quotes no real person.",
                    ]
                ),
                name=f"background-paper-{edition.number}-sample.pdf",
            ),
        )
        paper.document = document
        paper.save_revision().publish()
        added = True
    if (
        group is not None
        and edition.number not in REPORTED_EDITIONS
        and not WorkingGroupReportPage.objects.child_of(group).exists()
    ):
        _add_report_in_moderation(group, edition)
        added = True
    if _compile_sample_seminar_report(edition):
        added = True
    if group is not None:
        groups = {
            wg.number: wg for wg in WorkingGroupPage.objects.child_of(edition).filter(live=True)
        }
        for name, organisation, number in SAMPLE_PARTICIPANTS:
            _participant, created = EditionParticipant.objects.get_or_create(
                edition=edition,
                name=name,
                defaults={"organisation": organisation, "working_group": groups.get(number)},
            )
            added = added or created
    return added


def _add_report_in_moderation(group, edition):
    """A draft report of the edition's Working Group 1, submitted to the reporting workflow,
    so that the dashboard's reports panel has something in moderation."""
    report = WorkingGroupReportPageFactory(
        parent=group,
        title=f"Working Group {group.number} Report (sample draft)",
        slug="report",
        is_sample_content=True,
        publish=False,
        summary=SAMPLE_TEXT,
        recommendations=[
            RecommendationFactory.build(text=text, level=level)
            for text, level, _codes in RECOMMENDATIONS[:2]
        ],
    )
    workflow = report.get_workflow()
    if workflow is not None:
        workflow.start(report, None)


def _compile_sample_seminar_report(edition):
    """Compile the edition's sample Seminar Report once, from its published sample reports,
    and publish it (the admin's compile action only saves a draft: editors publish)."""
    report = (
        SeminarReportPage.objects.child_of(edition)
        .filter(is_sample_content=True, compiled_sections__isnull=True)
        .first()
    )
    if report is None:
        return False
    result = compile_seminar_report(report)
    if result.revision is None:
        return False
    result.revision.publish()
    return True


def sample_pdf(lines):
    """A small valid one-page PDF (PDF 1.4, Helvetica) showing ``lines`` of ASCII text."""
    text = ["BT", "/F1 12 Tf", "72 760 Td", "16 TL"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        text.append(f"({escaped}) Tj T*")
    text.append("ET")
    stream = "\n".join(text).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


# Sample users and their work ---------------------------------------------------------

DEMO_EDITION = 23
# (username, last name, how they are set up): a site-wide group, a role in Working Group 1
# of the demo edition, or a language to translate into.
SAMPLE_USERS = (
    ("sample-secretariat", "Secretariat editor", ("group", access.SECRETARIAT)),
    ("sample-steering", "Steering Committee member", ("group", access.STEERING_COMMITTEE)),
    ("sample-member", "Working group member", ("role", "member")),
    ("sample-notetaker", "Note-taker", ("role", "note_taker")),
    ("sample-rapporteur", "Rapporteur", ("role", "rapporteur")),
    ("sample-moderator", "Moderator", ("role", "moderator")),
    ("sample-translator-fr", "Translator into French", ("language", "fr")),
    ("sample-translator-ja", "Translator into Japanese", ("language", "ja")),
    ("sample-partner", "ASEM partner", ("group", access.ASEM_PARTNERS)),
)
TRANSLATED_TEXT = {
    "Key Messages (sample)": {
        "fr": "Messages clés (exemple)",
        "ja": "キーメッセージ（サンプル）",
    },
    "Sample content: this text demonstrates the system and reports no real discussion.": {
        "fr": "Contenu d’exemple : ce texte présente le système et ne rend compte d’aucune "
        "discussion réelle.",
        "ja": "サンプルコンテンツ：この文章はシステムを紹介するためのもので、"
        "実際の議論を伝えるものではありません。",
    },
}
TRANSLATED_MESSAGE_HEADING = {"fr": "Message d’exemple {}", "ja": "サンプルメッセージ {}"}


@dataclass(frozen=True)
class SampleUser:
    user: object
    description: str
    created: bool


def demo_working_group(number=DEMO_EDITION):
    """Working Group 1 of the sample content of edition ``number``, or None."""
    edition = EditionPage.objects.filter(number=number, locale=Locale.get_default()).first()
    if edition is None:
        return None
    return (
        WorkingGroupPage.objects.child_of(edition)
        .filter(slug="working-group-1", is_sample_content=True)
        .first()
    )


@transaction.atomic
def ensure_sample_users(password, number=DEMO_EDITION):
    """Create the sample users of every role, with ``password``; existing ones are unchanged.

    Roles are in Working Group 1 of edition ``number``; they are granted by the sample
    Secretariat editor, as the admin's Roles button would, so the page history shows them.

    Returns:
        A ``SampleUser`` for each entry of ``SAMPLE_USERS``, in that order.

    Raises:
        ValueError: the sample content of edition ``number`` is missing.
    """
    group = demo_working_group(number)
    if group is None:
        raise ValueError(f"No sample Working Group 1 in edition {number}.")
    edition_title = group.get_parent().title
    User = get_user_model()
    secretary = None
    result = []
    for username, last_name, (kind, value) in SAMPLE_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": "Sample",
                "last_name": last_name,
                "email": f"{username}@example.org",
            },
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        if kind == "group":
            user.groups.add(Group.objects.get(name=value))
            if value == access.SECRETARIAT:
                secretary = user
            description = str(value)
        elif kind == "role":
            held = {(holder.pk, role) for holder, role in access.role_holders(group)}
            if (user.pk, value) not in held:
                access.grant_role(secretary, user, group, value)
            description = f"{access.ROLES[value][1]}, {group.title}, {edition_title}"
        else:
            locale = Locale.objects.get(language_code=value)
            if not access.may_translate(user, locale):
                access.grant_translator(secretary, user, locale)
            description = f"translates into {locale.get_display_name()}"
        result.append(SampleUser(user, description, created))
    return result


def _translated(text, language):
    if text in TRANSLATED_TEXT:
        return TRANSLATED_TEXT[text][language]
    heading = re.fullmatch(r"Sample message (\d+)", text)
    if heading:
        return TRANSLATED_MESSAGE_HEADING[language].format(heading[1])
    if text == "key-messages" or re.fullmatch(r"(HR\d+-WG\d+-R\d+)(, HR\d+-WG\d+-R\d+)*", text):
        # The slug (so the URL only changes its language prefix) and identifiers stay as
        # they are.
        return text
    raise ValueError(f"No sample translation of {text!r} into {language!r}.")


def build_sample_translations(translators, reviewer, number=DEMO_EDITION):
    """Translate the sample Key Messages of edition ``number`` through wagtail-localize.

    Each translator starts the translation into their language, translates every string
    and submits it; ``reviewer`` (of the Secretariat) approves it in the review workflow,
    which publishes it. Languages that already have a translation are left alone.

    Args:
        translators: {language code: user}.
        reviewer: a member of the Secretariat.

    Returns:
        The language codes translated now.
    """
    edition = EditionPage.objects.filter(number=number, locale=Locale.get_default()).first()
    source_page = (
        KeyMessagesPage.objects.child_of(edition).filter(is_sample_content=True).first()
        if edition
        else None
    )
    if source_page is None:
        return []
    done = []
    for language, translator in translators.items():
        locale = Locale.objects.get(language_code=language)
        if source_page.has_translation(locale):
            continue
        TranslationCreator(translator, [locale]).create_translations(source_page)
        job = Translation.objects.get(
            source=TranslationSource.objects.get_for_instance(source_page), target_locale=locale
        )
        for segment in StringSegment.objects.filter(source=job.source).select_related(
            "string", "context"
        ):
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={
                    "data": _translated(segment.string.data, language),
                    "last_translated_by": translator,
                },
            )
        state = workflow.submit_for_review(job, translator)
        state.current_task_state.task.specific.on_action(
            state.current_task_state, reviewer, "approve"
        )
        done.append(language)
    return done


# Fictional invitees of the next edition (sample content): a mix of categories, partners,
# languages and genders, two thirds of them registered, so that the Secretariat can try
# the invitations and the working-group assignment.
INVITEES_EDITION = 24
SAMPLE_INVITEES = 24
_CATEGORIES = ("civil_society", "government", "nhri", "international_organisation")
_LANGUAGES = ("en", "ja", "fr", "ko", "mn", "de", "vi", "zh-hans")
_GENDERS = ("female", "male", "female", "male", "", "other", "male")


@transaction.atomic
def ensure_sample_invitees(secretary, number=INVITEES_EDITION):
    """Create the sample invitees of edition ``number`` where missing; returns how many."""
    from seminar_pages import invitations
    from seminar_pages.models import AsemPartner

    edition = EditionPage.objects.filter(number=number, locale=Locale.get_default()).first()
    if edition is None:
        return 0
    groups = list(
        WorkingGroupPage.objects.child_of(edition).filter(is_sample_content=True).order_by("number")
    )
    if not groups:
        return 0
    for group in groups:
        # Sample groups of a sample edition: small enough for the sample invitees.
        if group.minimum_size > 4:
            group.minimum_size = 4
            group.save_revision(user=secretary).publish(user=secretary)
    partners = list(AsemPartner.objects.order_by("sort_order"))
    created = 0
    for index in range(1, SAMPLE_INVITEES + 1):
        category = _CATEGORIES[index % len(_CATEGORIES)]
        participant, made = EditionParticipant.objects.get_or_create(
            edition=edition,
            email=f"sample-invitee-{index:02d}@example.org",
            defaults={
                "name": f"Sample Invitee {index:02d}",
                "organisation": f"Sample organisation {index:02d}",
                "category": category,
                "partner": None
                if category == "international_organisation"
                else partners[(index * 7) % len(partners)],
                "language": _LANGUAGES[index % len(_LANGUAGES)],
                # Cycle lengths prime to each other: no value follows another.
                "gender": _GENDERS[index % len(_GENDERS)],
            },
        )
        invitation = invitations.invite(participant)
        if not made:
            continue
        created += 1
        if index % 3 == 0:
            continue  # invited, not answered yet
        first = (index * 7 // 2) % len(groups)
        ranked = groups[first:] + groups[:first]
        if index % 2:
            ranked = ranked[:1] + ranked[1:][::-1]
        invitations.register(
            invitation,
            {
                "name": participant.name,
                "groups": ranked[:3],
                "expertise": "Sample content: expertise stated at registration.",
                "read_background_paper": True,
                "consent_text": str(invitations.notice(edition, participant.language)),
            },
            acting_user=secretary,
        )
    return created
