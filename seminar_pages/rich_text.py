"""Rich text links to documents: a link names a document only when the document is public.

Wagtail's ``DocumentLinkHandler`` writes ``<a href="/documents/<id>/<file name>">`` for
every document link stored in rich text, whatever collection the document is in: a public
page whose document was moved into a private collection would still print the document's
id and file name (the download itself is refused). Rich text is expanded without a request,
so the reader is unknown here: a link to a document that is not public
(``access.document_is_public``) becomes a bare ``<a>`` (its text stays, no id, no file
name, no URL) for everyone, the members of its working group included. They reach their
files through the session notes' recordings, which are checked for each reader.
"""

from django.utils.html import escape
from wagtail.documents.rich_text import DocumentLinkHandler

from seminar_pages import access


class PublicDocumentLinkHandler(DocumentLinkHandler):
    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        ids = [attrs.get("id") for attrs in attrs_list]
        documents = {}
        if any(ids):
            public = access.public_documents(cls.get_model()._default_manager.all())
            documents = {str(pk): doc for pk, doc in public.in_bulk(ids).items()}
        links = []
        for pk in ids:
            document = documents.get(str(pk))
            links.append(f'<a href="{escape(document.url)}">' if document else "<a>")
        return links
