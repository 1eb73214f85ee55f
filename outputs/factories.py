"""Factories for outputs, shared by the tests and the sample content command."""

import factory

from outputs import models
from seminar_pages.factories import PageFactory


class RecommendationFactory(factory.django.DjangoModelFactory):
    """Build (not create) recommendations and hand them to ``WorkingGroupReportPageFactory``."""

    class Meta:
        model = models.Recommendation

    text = factory.Sequence(lambda n: f"Recommendation text {n}.")
    level = models.Level.NATIONAL

    @factory.post_generation
    def addressees(self, create, extracted, **kwargs):
        if extracted:
            self.addressees.set(extracted)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if extracted:
            self.themes.set(extracted)


class WorkingGroupReportPageFactory(PageFactory):
    """``recommendations``: a list of unsaved ``Recommendation`` objects, saved with the page."""

    class Meta:
        model = models.WorkingGroupReportPage

    title = "Working Group Report"
    summary = "<p>The discussion in brief.</p>"

    @classmethod
    def _create(cls, model_class, *args, recommendations=(), **kwargs):
        recommendations = list(recommendations)
        # In the order given, as the editor's form numbers them.
        for position, recommendation in enumerate(recommendations):
            if recommendation.sort_order is None:
                recommendation.sort_order = position
        kwargs["recommendations"] = recommendations
        return super()._create(model_class, *args, **kwargs)


class KeyMessagesPageFactory(PageFactory):
    class Meta:
        model = models.KeyMessagesPage

    title = "Key Messages"
    introduction = "<p>Messages for the ASEM partners.</p>"
    messages = factory.LazyFunction(
        lambda: [
            ("message", {"heading": "A message", "text": "<p>Why.</p>", "recommendations": []})
        ]
    )


class SeminarReportPageFactory(PageFactory):
    class Meta:
        model = models.SeminarReportPage

    title = "Seminar Report"
    summary = "<p>All working group discussions in one report.</p>"
