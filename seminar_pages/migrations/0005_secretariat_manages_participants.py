from django.db import migrations

ACTIONS = ("add", "change", "delete", "view")


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="seminar_pages", model="editionparticipant"
    )
    secretariat = Group.objects.filter(name="ASEF Secretariat").first()
    if secretariat is None:
        return
    for action in ACTIONS:
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_editionparticipant",
            defaults={"name": f"Can {action} participant"},
        )
        secretariat.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="seminar_pages", codename__endswith="_editionparticipant"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("seminar_pages", "0004_edition_participants")]

    operations = [migrations.RunPython(grant, revoke)]
