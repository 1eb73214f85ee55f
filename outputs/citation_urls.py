"""Citation downloads, under each language prefix (see cms/urls.py).

A recommendation is cited in the language of the prefix where it is translated; a page
is cited in its own language. One URL per format, so that each names its file type.
"""

from django.urls import path

from outputs import views
from outputs.citation import FORMATS

app_name = "outputs_citations"

urlpatterns = [
    *(
        path(
            f"cite/pages/<int:page_id>.{spec.extension}",
            views.page_citation,
            {"format_name": name},
            name=f"page_{name}",
        )
        for name, spec in FORMATS.items()
    ),
    *(
        path(
            f"cite/recommendations/<str:identifier>.{spec.extension}",
            views.recommendation_citation,
            {"format_name": name},
            name=f"recommendation_{name}",
        )
        for name, spec in FORMATS.items()
    ),
]
