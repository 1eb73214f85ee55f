from django.db import migrations

ADDRESSEES = [
    "governments",
    "parliaments",
    "nhris",
    "civil_society",
    "business",
    "regional_mechanisms",
    "international",
    "asef_asem",
]


def create_addressees(apps, schema_editor):
    Addressee = apps.get_model("outputs", "Addressee")
    for order, code in enumerate(ADDRESSEES):
        Addressee.objects.update_or_create(code=code, defaults={"sort_order": order})


def delete_addressees(apps, schema_editor):
    apps.get_model("outputs", "Addressee").objects.filter(code__in=ADDRESSEES).delete()


class Migration(migrations.Migration):
    dependencies = [("outputs", "0001_initial_outputs")]

    operations = [migrations.RunPython(create_addressees, delete_addressees)]
