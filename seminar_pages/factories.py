"""Factories for the page tree, shared by the tests and the sample content command."""

import datetime

import factory
from django.utils.text import slugify
from wagtail.models import Locale, Page

from seminar_pages import models


class PageFactory(factory.django.DjangoModelFactory):
    """Creates a page under ``parent`` (required) and publishes it unless ``publish=False``."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.LazyAttribute(lambda page: slugify(page.title)[:80] or "page")

    @classmethod
    def _create(cls, model_class, *args, parent=None, publish=True, **kwargs):
        if parent is None:
            raise ValueError(f"{cls.__name__} needs a parent page.")
        kwargs.setdefault("live", publish)
        page = model_class(*args, **kwargs)
        parent.add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
            page.refresh_from_db()
        return page


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Topic
        django_get_or_create = ("slug", "locale")

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.LazyAttribute(lambda topic: slugify(topic.name))
    locale = factory.LazyFunction(Locale.get_default)


class SeminarSeriesPageFactory(PageFactory):
    class Meta:
        model = models.SeminarSeriesPage

    title = "Informal ASEM Seminar on Human Rights"
    introduction = "<p>An annual dialogue between Asia and Europe on human rights.</p>"

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        return super()._create(
            model_class, *args, parent=parent or Page.get_first_root_node(), **kwargs
        )


class EditionIndexPageFactory(PageFactory):
    class Meta:
        model = models.EditionIndexPage

    title = "Editions"


class EditionPageFactory(PageFactory):
    class Meta:
        model = models.EditionPage

    number = factory.Sequence(lambda n: n + 1)
    year = factory.LazyAttribute(lambda edition: min(1996 + edition.number, 2100))
    title = factory.LazyAttribute(lambda edition: f"Edition {edition.number}")
    city = "Lund"
    country = "Sweden"
    status = models.EditionPage.Status.HELD


class ConceptNotePageFactory(PageFactory):
    class Meta:
        model = models.ConceptNotePage

    title = "Concept Note"
    introduction = "<p>The aims of the edition.</p>"


class BackgroundPaperPageFactory(PageFactory):
    class Meta:
        model = models.BackgroundPaperPage

    title = "Background Paper"
    summary = "The analytical foundation for the discussions."


class ProgrammePageFactory(PageFactory):
    class Meta:
        model = models.ProgrammePage

    title = "Programme"
    days = factory.LazyFunction(
        lambda: [
            (
                "day",
                {
                    "date": datetime.date(2025, 11, 4),
                    "label": "Day 1",
                    "sessions": [
                        {
                            "kind": "opening_plenary",
                            "start": datetime.time(9, 0),
                            "end": datetime.time(10, 30),
                            "title": "Opening Plenary",
                            "description": "",
                            "keynotes": [],
                        }
                    ],
                },
            )
        ]
    )


class WorkingGroupPageFactory(PageFactory):
    class Meta:
        model = models.WorkingGroupPage

    number = factory.Sequence(lambda n: n % 99 + 1)
    theme = factory.LazyAttribute(lambda group: f"Theme of group {group.number}")
    title = factory.LazyAttribute(lambda group: f"Working Group {group.number}")
    description = "<p>What the group discusses.</p>"


class SessionNotesPageFactory(PageFactory):
    class Meta:
        model = models.SessionNotesPage
