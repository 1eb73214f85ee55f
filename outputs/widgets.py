"""The recommendation chooser's widget, below the admin views it opens.

``outputs.blocks`` (and so the models) use it, so it names the chooser's URL instead of
importing ``outputs.choosers``, which asks the access policy.
"""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import BaseChooser


def recommendation_label(recommendation):
    """``HR24-WG2-R03: Involve national human rights institutions ...``"""
    return f"{recommendation.identifier}: {Truncator(recommendation.text).words(12)}"


class RecommendationChooser(BaseChooser):
    """Chooses a recommendation; with ``edition_id``, among that edition's reports only."""

    model = "outputs.Recommendation"
    chooser_modal_url_name = "recommendation_chooser:choose"
    choose_one_text = _("Choose a recommendation")
    choose_another_text = _("Choose another recommendation")
    link_to_chosen_text = _("Edit this recommendation")
    show_edit_link = False
    icon = "list-ol"

    def __init__(self, edition_id=None, **kwargs):
        self.edition_id = edition_id
        super().__init__(**kwargs)

    def get_chooser_modal_url(self):
        url = reverse(self.chooser_modal_url_name)
        if self.edition_id:
            url += "?" + urlencode({"edition": self.edition_id})
        return url

    def get_display_title(self, instance):
        return recommendation_label(instance)

    def get_value_data_from_instance(self, instance):
        return {"id": instance.pk, "edit_url": "", "title": self.get_display_title(instance)}
