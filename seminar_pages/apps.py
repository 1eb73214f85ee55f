from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeminarPagesConfig(AppConfig):
    name = "seminar_pages"
    verbose_name = _("Seminar pages")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.documents import get_document_model
        from wagtail.models import Page
        from wagtail.permissions import policy_registry

        from seminar_pages import signals
        from seminar_pages.documents import SeminarDocumentPermissionPolicy
        from seminar_pages.permissions import SeminarPagePermissionPolicy

        # Registered directly so that the policies replace the ones Wagtail's apps set up
        # (this app is listed after them, so it is ready after them).
        policy_registry.register(Page, SeminarPagePermissionPolicy(Page))
        policy_registry.register(get_document_model(), SeminarDocumentPermissionPolicy())
        signals.connect()
