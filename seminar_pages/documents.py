"""The document permission policy, narrowed and extended by ``access.py``.

Private collections stay private to their working group; note-takers file documents
into their own group's private collection without any site-wide document permission.
"""

from wagtail.documents import get_document_model, get_document_model_string
from wagtail.models import Collection
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

from seminar_pages import access

NOTE_TAKER_ACTIONS = {"add", "change", "choose", "delete"}


class SeminarDocumentPermissionPolicy(CollectionOwnershipPermissionPolicy):
    def __init__(self):
        super().__init__(
            get_document_model_string(),
            auth_model="wagtaildocs.Document",
            owner_field_name="uploaded_by_user",
        )

    def _note_taking(self, user, actions):
        if not set(actions) & NOTE_TAKER_ACTIONS:
            return []
        return access.collections_for_note_taking(user)

    def user_has_permission(self, user, action):
        # Wagtail's user_has_any_permission asks this method for each action.
        return super().user_has_permission(user, action) or bool(self._note_taking(user, [action]))

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if not access.can_read_document(user, instance):
            return False
        if instance.collection_id in self._note_taking(user, actions):
            return True
        return super().user_has_any_permission_for_instance(user, actions, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        documents = super().instances_user_has_any_permission_for(user, actions)
        collections = self._note_taking(user, actions)
        if collections:
            documents = documents | get_document_model().objects.filter(
                collection_id__in=collections
            )
        return access.readable_documents(user, documents)

    def collections_user_has_any_permission_for(self, user, actions):
        collections = super().collections_user_has_any_permission_for(user, actions)
        own = self._note_taking(user, actions)
        if own:
            collections = collections | Collection.objects.filter(pk__in=own)
        return access.readable_collections(user, collections)
