"""An edition's status follows its dates unless an editor chooses one.

"Planned" was the default nobody had to choose, and it stayed after the seminar was
held: editions (and their revisions, which the editor opens and publishes) that say
"planned" now follow their dates. Statuses an editor chose otherwise stay as they are.
Going back, each edition gets the status its dates gave it that day.
"""

import calendar
import datetime

from django.db import migrations, models

AUTOMATIC = "automatic"
PLANNED = "planned"


def _status_on(edition, today):
    if edition["start_date"]:
        last = edition["end_date"] or edition["start_date"]
    elif edition["month"]:
        last = datetime.date(
            edition["year"],
            edition["month"],
            calendar.monthrange(edition["year"], edition["month"])[1],
        )
    else:
        last = datetime.date(edition["year"], 12, 31)
    return (
        "held"
        if today > last or (edition["start_date"] and today >= edition["start_date"])
        else PLANNED
    )


def _revisions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    content_type = ContentType.objects.filter(
        app_label="seminar_pages", model="editionpage"
    ).first()
    if content_type is None:
        return Revision.objects.none()
    return Revision.objects.filter(content_type=content_type)


def follow_the_dates(apps, schema_editor):
    EditionPage = apps.get_model("seminar_pages", "EditionPage")
    EditionPage.objects.filter(status=PLANNED).update(status=AUTOMATIC)
    for revision in _revisions(apps).iterator():
        if revision.content.get("status") == PLANNED:
            revision.content["status"] = AUTOMATIC
            revision.save(update_fields=["content"])


def fix_the_status(apps, schema_editor):
    from django.utils import timezone

    today = timezone.localdate()
    EditionPage = apps.get_model("seminar_pages", "EditionPage")
    for edition in EditionPage.objects.filter(status__in=[AUTOMATIC, "under_way"]).values(
        "pk", "year", "month", "start_date", "end_date"
    ):
        EditionPage.objects.filter(pk=edition["pk"]).update(status=_status_on(edition, today))
    for revision in _revisions(apps).iterator():
        if revision.content.get("status") in (AUTOMATIC, "under_way"):
            revision.content["status"] = (
                EditionPage.objects.filter(pk=revision.object_id)
                .values_list("status", flat=True)
                .first()
                or PLANNED
            )
            revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("seminar_pages", "0010_take_over_wagtail_defaults"),
    ]

    operations = [
        migrations.AlterField(
            model_name="editionpage",
            name="status",
            field=models.CharField(
                choices=[
                    ("automatic", "From the dates"),
                    ("planned", "Planned"),
                    ("registration_open", "Registration open"),
                    ("under_way", "Under way"),
                    ("held", "Held"),
                    ("reported", "Reported"),
                ],
                default="automatic",
                help_text="“From the dates” shows Planned before the first day, Under way during the seminar and Held after it. Choose another status to show it instead.",
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.RunPython(follow_the_dates, fix_the_status),
    ]
