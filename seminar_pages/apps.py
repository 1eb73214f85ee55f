from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeminarPagesConfig(AppConfig):
    name = "seminar_pages"
    verbose_name = _("Seminar pages")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.documents import get_document_model
        from wagtail.documents.views import documents as document_views
        from wagtail.models import Collection, Page
        from wagtail.permissions import policy_registry

        from seminar_pages import checks, signals  # noqa: F401 (checks registers itself)
        from seminar_pages.documents import (
            SeminarCollectionPermissionPolicy,
            SeminarDocumentPermissionPolicy,
        )
        from seminar_pages.permissions import SeminarPagePermissionPolicy
        from seminar_pages.tags import ReadableTagsDocumentsFilterSet

        # Registered directly so that the policies replace the ones Wagtail's apps set up
        # (this app is listed after them, so it is ready after them).
        policy_registry.register(Page, SeminarPagePermissionPolicy(Page))
        policy_registry.register(get_document_model(), SeminarDocumentPermissionPolicy())
        policy_registry.register(Collection, SeminarCollectionPermissionPolicy(Collection))
        # The documents listing's tag filter offers the tags of readable documents only:
        # Wagtail has no hook for its filter set, and the listing keeps its URLs (tags.py).
        document_views.IndexView.filterset_class = ReadableTagsDocumentsFilterSet
        signals.connect()
        # Wagtail's workflow emails, to the people who may read what they name (defaults.py).
        from seminar_pages import defaults

        defaults.connect_notifiers()
        defaults.narrow_workflow_report()
