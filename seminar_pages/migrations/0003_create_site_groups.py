"""The four site-wide groups and the rights that come with them.

ASEF Secretariat: the editors, with every page action from the root, documents in every
collection, and the admin. Steering Committee and Translators reach the admin; what they
read is decided by seminar_pages.access. ASEM Partners are readers of the public site.
"""

from django.db import migrations

SECRETARIAT = "ASEF Secretariat"
GROUPS = (SECRETARIAT, "Steering Committee", "Translators", "ASEM Partners")
ADMIN_GROUPS = (SECRETARIAT, "Steering Committee", "Translators")
PAGE_ACTIONS = ("add", "change", "publish", "bypass_workflow", "lock", "unlock")
DOCUMENT_ACTIONS = ("add", "change", "choose")


def permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    return Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )[0]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    groups = {name: Group.objects.get_or_create(name=name)[0] for name in GROUPS}
    access_admin = permission(
        apps, "wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"
    )
    for name in ADMIN_GROUPS:
        groups[name].permissions.add(access_admin)

    secretariat = groups[SECRETARIAT]
    root = Page.objects.filter(depth=1).first()
    if root is not None:
        for action in PAGE_ACTIONS:
            GroupPagePermission.objects.get_or_create(
                group=secretariat,
                page=root,
                permission=permission(
                    apps, "wagtailcore", "page", f"{action}_page", f"Can {action} page"
                ),
            )
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for action in DOCUMENT_ACTIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=secretariat,
                collection=root_collection,
                permission=permission(
                    apps, "wagtaildocs", "document", f"{action}_document", f"Can {action} document"
                ),
            )
    for model in ("topic", "asempartner"):
        for action in ("add", "change", "delete", "view"):
            secretariat.permissions.add(
                permission(
                    apps, "seminar_pages", model, f"{action}_{model}", f"Can {action} {model}"
                )
            )


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("seminar_pages", "0002_closed_door_material"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
