from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from seminar_pages.models import AsemPartner, Topic


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = "Topics"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class AsemPartnerViewSet(SnippetViewSet):
    model = AsemPartner
    icon = "globe"
    menu_label = "ASEM partners"
    list_display = ["name", "kind", "region"]
    list_filter = ["kind", "region"]
    search_fields = ["name"]


register_snippet(TopicViewSet)
register_snippet(AsemPartnerViewSet)
