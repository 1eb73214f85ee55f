"""Tree rules and admin creation for every page type."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from outputs.factories import RecommendationFactory, WorkingGroupReportPageFactory
from outputs.models import (
    Addressee,
    KeyMessagesPage,
    Recommendation,
    SeminarReportPage,
    WorkingGroupReportPage,
)
from seminar_pages.factories import EditionPageFactory, TopicFactory, WorkingGroupPageFactory
from seminar_pages.models import (
    BackgroundPaperPage,
    ConceptNotePage,
    EditionIndexPage,
    EditionPage,
    ProgrammePage,
    SeminarSeriesPage,
    SessionNotesPage,
    WorkingGroupPage,
)
from tests.utils import list_block, make_site_tree

EDITION_CHILDREN = {
    ConceptNotePage,
    BackgroundPaperPage,
    ProgrammePage,
    WorkingGroupPage,
    KeyMessagesPage,
    SeminarReportPage,
}


class PageTreeRulesTests(WagtailPageTestCase):
    def test_series_sits_at_the_root_and_holds_only_the_edition_index(self):
        self.assertAllowedParentPageTypes(SeminarSeriesPage, {Page})
        self.assertAllowedSubpageTypes(SeminarSeriesPage, {EditionIndexPage})

    def test_edition_index_holds_only_editions(self):
        self.assertAllowedParentPageTypes(EditionIndexPage, {SeminarSeriesPage})
        self.assertAllowedSubpageTypes(EditionIndexPage, {EditionPage})

    def test_edition_holds_its_documents_working_groups_and_outputs(self):
        self.assertAllowedParentPageTypes(EditionPage, {EditionIndexPage})
        self.assertAllowedSubpageTypes(EditionPage, EDITION_CHILDREN)

    def test_edition_children_cannot_live_elsewhere(self):
        for child in EDITION_CHILDREN:
            with self.subTest(child=child.__name__):
                self.assertAllowedParentPageTypes(child, {EditionPage})

    def test_working_group_holds_its_report_and_session_notes_which_are_leaves(self):
        self.assertAllowedSubpageTypes(WorkingGroupPage, {WorkingGroupReportPage, SessionNotesPage})
        for leaf in (WorkingGroupReportPage, SessionNotesPage):
            self.assertAllowedParentPageTypes(leaf, {WorkingGroupPage})
            self.assertAllowedSubpageTypes(leaf, set())

    def test_documents_and_outputs_are_leaves(self):
        for leaf in EDITION_CHILDREN - {WorkingGroupPage}:
            with self.subTest(leaf=leaf.__name__):
                self.assertAllowedSubpageTypes(leaf, set())

    def test_an_edition_cannot_be_created_outside_the_archive(self):
        self.assertCanNotCreateAt(SeminarSeriesPage, EditionPage)
        self.assertCanNotCreateAt(EditionPage, EditionPage)

    def test_every_page_type_is_translatable(self):
        for model in {SeminarSeriesPage, EditionIndexPage, EditionPage, WorkingGroupReportPage}:
            with self.subTest(model=model.__name__):
                self.assertTrue(hasattr(model, "locale"))
                self.assertTrue(hasattr(model, "translation_key"))
        self.assertTrue(hasattr(Recommendation, "translation_key"))


class AdminCreationTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.series, cls.index = make_site_tree()
        cls.topic = TopicFactory(name="Human Rights & Children")
        cls.edition = EditionPageFactory(parent=cls.index, number=17, year=2017, slug="17-2017")
        cls.group = WorkingGroupPageFactory(parent=cls.edition, number=1, slug="working-group-1")

    def setUp(self):
        # force_login: django-axes refuses client.login(), which authenticates without a request.
        self.client.force_login(self.create_test_user())

    def test_series_page(self):
        self.assertCanCreate(
            Page.get_first_root_node(),
            SeminarSeriesPage,
            nested_form_data(
                {
                    "title": "Another series",
                    "slug": "another-series",
                    "introduction": rich_text("<p>About the series.</p>"),
                    "body": streamfield([("paragraph", rich_text("<p>ASEM.</p>"))]),
                    "organisers": rich_text(""),
                    "steering_committee": rich_text(""),
                    "contact_email": "humanrights.seminar@asef.org",
                }
            ),
        )

    def test_edition_index_page(self):
        series = SeminarSeriesPage(title="Second series", slug="second-series", introduction="x")
        Page.get_first_root_node().add_child(instance=series)
        self.assertCanCreate(
            series,
            EditionIndexPage,
            nested_form_data({"title": "Editions", "introduction": rich_text("<p>All.</p>")}),
        )

    def test_edition_page(self):
        self.assertCanCreate(
            self.index,
            EditionPage,
            nested_form_data(
                {
                    "title": "18th Informal ASEM Seminar on Human Rights",
                    "number": 18,
                    "status": "held",
                    "theme": "Human Rights & Prevention of Violent Extremism",
                    "topics": (self.topic.pk,),
                    "year": 2018,
                    "month": 11,
                    "city": "Yogyakarta",
                    "country": "Indonesia",
                    "format": "in_person",
                    "host_institutions": "",
                    "partner_institutions": "",
                    "introduction": rich_text(""),
                }
            ),
        )
        created = EditionPage.objects.get(number=18)
        self.assertEqual(list(created.topics.all()), [self.topic])

    def test_edition_number_must_be_unique(self):
        response = self.client.post(
            f"/admin/pages/add/seminar_pages/editionpage/{self.index.pk}/",
            nested_form_data(
                {
                    "title": "Duplicate",
                    "slug": "duplicate",
                    "number": 17,
                    "status": "held",
                    "year": 2017,
                    "format": "in_person",
                    "introduction": rich_text(""),
                    "action-publish": "publish",
                }
            ),
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("number", response.context["form"].errors)
        self.assertFalse(EditionPage.objects.filter(slug="duplicate").exists())

    def test_concept_note_page(self):
        self.assertCanCreate(
            self.edition,
            ConceptNotePage,
            nested_form_data(
                {
                    "title": "Concept Note",
                    "introduction": rich_text("<p>Aims.</p>"),
                    "body": streamfield(
                        [
                            (
                                "guiding_questions",
                                {
                                    "working_group": "Working Group 1",
                                    "questions": list_block(["Which gaps remain?"]),
                                },
                            )
                        ]
                    ),
                }
            ),
        )

    def test_background_paper_page(self):
        self.assertCanCreate(
            self.edition,
            BackgroundPaperPage,
            nested_form_data(
                {
                    "title": "Background Paper",
                    "lead_rapporteur": "",
                    "summary": "The analytical foundation.",
                    "body": streamfield([("paragraph", rich_text("<p>Text.</p>"))]),
                }
            ),
        )

    def test_programme_page(self):
        session = {
            "kind": "opening_plenary",
            "start": "09:00",
            "end": "10:30",
            "title": "Opening Plenary",
            "description": rich_text(""),
            "keynotes": list_block([{"speaker": "Keynote speaker", "title": ""}]),
        }
        self.assertCanCreate(
            self.edition,
            ProgrammePage,
            nested_form_data(
                {
                    "title": "Programme",
                    "introduction": rich_text(""),
                    "days": streamfield(
                        [
                            (
                                "day",
                                {
                                    "date": "2017-11-20",
                                    "label": "Day 1",
                                    "sessions": list_block([session]),
                                },
                            )
                        ]
                    ),
                }
            ),
        )

    def test_programme_session_must_end_after_it_starts(self):
        session = {
            "kind": "closing_plenary",
            "start": "12:00",
            "end": "11:00",
            "title": "Closing Plenary",
            "description": rich_text(""),
            "keynotes": list_block([]),
        }
        data = nested_form_data(
            {
                "title": "Programme",
                "slug": "programme",
                "introduction": rich_text(""),
                "days": streamfield(
                    [
                        (
                            "day",
                            {"date": "2017-11-20", "label": "", "sessions": list_block([session])},
                        )
                    ]
                ),
                "action-publish": "publish",
            }
        )
        response = self.client.post(
            f"/admin/pages/add/seminar_pages/programmepage/{self.edition.pk}/", data
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("days", response.context["form"].errors)
        self.assertFalse(ProgrammePage.objects.exists())

    def test_working_group_page(self):
        self.assertCanCreate(
            self.edition,
            WorkingGroupPage,
            nested_form_data(
                {
                    "title": "Working Group 2",
                    "number": 2,
                    "minimum_size": 25,
                    "capacity": 28,
                    "theme": "Participation",
                    "description": rich_text("<p>Public description.</p>"),
                    "guiding_questions": streamfield([("question", "Who takes part?")]),
                    "moderator": "",
                    "rapporteurs": "",
                }
            ),
        )

    def test_working_group_minimum_size_cannot_exceed_its_capacity(self):
        data = nested_form_data(
            {
                "title": "Working Group 3",
                "slug": "working-group-3",
                "number": 3,
                "minimum_size": 29,
                "capacity": 28,
                "theme": "Participation",
                "description": rich_text("<p>Public description.</p>"),
                "guiding_questions": streamfield([]),
                "action-publish": "publish",
            }
        )
        response = self.client.post(
            f"/admin/pages/add/seminar_pages/workinggrouppage/{self.edition.pk}/", data
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("minimum_size", response.context["form"].errors)

    def test_working_group_number_is_unique_within_the_edition(self):
        data = nested_form_data(
            {
                "title": "Another group 1",
                "slug": "another-group-1",
                "number": 1,
                "minimum_size": 25,
                "capacity": 28,
                "theme": "Participation",
                "description": rich_text("<p>Public description.</p>"),
                "guiding_questions": streamfield([]),
                "action-publish": "publish",
            }
        )
        response = self.client.post(
            f"/admin/pages/add/seminar_pages/workinggrouppage/{self.edition.pk}/", data
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("number", response.context["form"].errors)

    def test_working_group_report_page_with_recommendations(self):
        addressee = Addressee.objects.get(code="governments")
        recommendation = {
            "text": "Review national legislation.",
            "level": "national",
            "addressees": (addressee.pk,),
            "themes": (self.topic.pk,),
        }
        rich_fields = (
            "gaps_national",
            "gaps_regional",
            "gaps_international",
            "lessons_learned",
            "promising_practices",
            "challenges",
        )
        data = {field: rich_text("") for field in rich_fields}
        data.update(
            {
                "title": "Working Group 1 Report",
                "summary": rich_text("<p>In brief.</p>"),
                "recommendations": inline_formset([recommendation, dict(recommendation)]),
            }
        )
        self.assertCanCreate(self.group, WorkingGroupReportPage, nested_form_data(data))
        report = WorkingGroupReportPage.objects.get()
        identifiers = [rec.identifier for rec in report.recommendations.all()]
        self.assertEqual(identifiers, ["HR17-WG1-R01", "HR17-WG1-R02"])
        revision = report.get_latest_revision_as_object()
        self.assertEqual([rec.identifier for rec in revision.recommendations.all()], identifiers)
        self.assertEqual(list(report.recommendations.first().themes.all()), [self.topic])

    def test_key_messages_page(self):
        report = WorkingGroupReportPageFactory(
            parent=self.group, recommendations=[RecommendationFactory.build()]
        )
        recommendation = report.recommendations.get()
        self.assertCanCreate(
            self.edition,
            KeyMessagesPage,
            nested_form_data(
                {
                    "title": "Key Messages",
                    "introduction": rich_text("<p>For the 53 ASEM partners.</p>"),
                    "embargo_until": "",
                    "messages": streamfield(
                        [
                            (
                                "message",
                                {
                                    "heading": "Involve NHRIs",
                                    "text": rich_text("<p>Why.</p>"),
                                    "recommendations": list_block([recommendation.pk]),
                                },
                            )
                        ]
                    ),
                }
            ),
        )

    def test_key_messages_reject_a_recommendation_that_does_not_exist(self):
        data = nested_form_data(
            {
                "title": "Key Messages",
                "slug": "key-messages",
                "introduction": rich_text("<p>Intro.</p>"),
                "embargo_until": "",
                "messages": streamfield(
                    [
                        (
                            "message",
                            {
                                "heading": "A message",
                                "text": rich_text("<p>Why.</p>"),
                                "recommendations": list_block([987654]),
                            },
                        )
                    ]
                ),
                "action-publish": "publish",
            }
        )
        response = self.client.post(
            f"/admin/pages/add/outputs/keymessagespage/{self.edition.pk}/", data
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("messages", response.context["form"].errors)
        self.assertFalse(KeyMessagesPage.objects.exists())

    def test_seminar_report_page(self):
        self.assertCanCreate(
            self.edition,
            SeminarReportPage,
            nested_form_data(
                {
                    "title": "Seminar Report",
                    "summary": rich_text("<p>Summary.</p>"),
                    "introduction": rich_text("<p>Introduction.</p>"),
                    "body": streamfield([("paragraph", rich_text("<p>Text.</p>"))]),
                    "plenary_summaries": streamfield([]),
                    "conclusions": rich_text("<p>Conclusions.</p>"),
                }
            ),
        )

    def test_session_notes_page_is_created_closed(self):
        self.assertCanCreate(
            self.group,
            SessionNotesPage,
            nested_form_data(
                {
                    "title": "Session 1 notes",
                    "session_date": "2017-11-21",
                    "notes": streamfield([("paragraph", rich_text("<p>Discussed.</p>"))]),
                    "recordings": streamfield([]),
                }
            ),
        )
        from seminar_pages import access

        self.assertTrue(access.is_closed(SessionNotesPage.objects.get()))

    def test_report_admin_edit_form_renders(self):
        report = WorkingGroupReportPageFactory(parent=self.group)
        response = self.client.get(f"/admin/pages/{report.pk}/edit/")
        self.assertEqual(response.status_code, 200)
