"""The document and collection permission policies, narrowed and extended by ``access.py``.

Private collections stay private to their working group; note-takers file documents
into their own group's private collection without any site-wide document permission.
Closed collections are managed by the readers of all closed material only.
"""

from wagtail.documents import get_document_model, get_document_model_string
from wagtail.models import Collection
from wagtail.permission_policies.collections import (
    CollectionManagementPermissionPolicy,
    CollectionOwnershipPermissionPolicy,
)

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


class SeminarCollectionPermissionPolicy(CollectionManagementPermissionPolicy):
    """Collection management (Wagtail's collections admin) keeps closed collections closed.

    Privacy is keyed by the closed-door collection (everything below it) and by each working
    group's link to its collection (wherever that collection sits), see ``access.py``. For
    anyone but the readers of all closed material, the closed collections are absent from
    collection management: they cannot edit, rename, move, delete or set Wagtail's privacy
    of one (the edit and privacy views answer as for an unknown collection), nor choose one
    as the parent of a new or moved collection (the parent chooser does not offer them).
    So nothing moves into or out of the closed-door collection but by those readers. When
    they move a working group's collection out, it stays private (keyed by its link); a
    collection they made by hand and move out is published on purpose.
    """

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if not access.reads_all_closed_material(user) and access.in_closed_collections(
            instance, user
        ):
            return False
        return super().user_has_any_permission_for_instance(user, actions, instance)

    def instances_user_has_permission_for(self, user, action):
        collections = super().instances_user_has_permission_for(user, action)
        return access.outside_closed_collections(user, collections)

    def collections_user_has_any_permission_for(self, user, actions):
        collections = super().collections_user_has_any_permission_for(user, actions)
        return access.outside_closed_collections(user, collections)
