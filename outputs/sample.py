"""Sample content for the demo: working groups, reports with recommendations, Key Messages.

Every page made here is flagged as sample content and says so to its readers. It is
attached to real editions of the archive but describes no real discussion, person or
output.
"""

import datetime

from django.db import transaction

from outputs.factories import (
    KeyMessagesPageFactory,
    RecommendationFactory,
    SeminarReportPageFactory,
    WorkingGroupReportPageFactory,
)
from outputs.models import Addressee, Level
from seminar_pages.factories import (
    BackgroundPaperPageFactory,
    ConceptNotePageFactory,
    ProgrammePageFactory,
    WorkingGroupPageFactory,
)
from seminar_pages.models import EditionPage

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
                            "recommendations": f"{prefix}-WG{n}-R01, {prefix}-WG{n}-R02",
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
                body=[("paragraph", SAMPLE_TEXT)],
            )
        built.append(edition.number)
    return built
