"""The document permission policy, narrowed by ``access.py``: private collections stay private."""

from wagtail.documents import get_document_model_string
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

from seminar_pages import access


class SeminarDocumentPermissionPolicy(CollectionOwnershipPermissionPolicy):
    def __init__(self):
        super().__init__(
            get_document_model_string(),
            auth_model="wagtaildocs.Document",
            owner_field_name="uploaded_by_user",
        )

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if not access.can_read_document(user, instance):
            return False
        return super().user_has_any_permission_for_instance(user, actions, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        return access.readable_documents(
            user, super().instances_user_has_any_permission_for(user, actions)
        )

    def collections_user_has_any_permission_for(self, user, actions):
        return access.readable_collections(
            user, super().collections_user_has_any_permission_for(user, actions)
        )
