"""Key Messages released by the access policy, not by scheduled publishing; the record of
their dissemination to the 53 ASEM partners.

The 53 partners (51 countries, the European Union, the ASEAN Secretariat, in the order and
with the regions of ``seminar_pages/data/archive.toml``) are created here if missing, so that
every dissemination record lists them whether or not the archive was loaded; the archive
loader finds them by slug and leaves them as they are. The Secretariat gets the rights on
partner contacts (personal data, read by nobody else: ``access.may_read_model``).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils.text import slugify

SECRETARIAT = "ASEF Secretariat"
PARTNERS = [
    ("Australia", "country", "asia"),
    ("Bangladesh", "country", "asia"),
    ("Brunei Darussalam", "country", "asia"),
    ("Cambodia", "country", "asia"),
    ("China", "country", "asia"),
    ("India", "country", "asia"),
    ("Indonesia", "country", "asia"),
    ("Japan", "country", "asia"),
    ("Kazakhstan", "country", "asia"),
    ("Republic of Korea", "country", "asia"),
    ("Lao PDR", "country", "asia"),
    ("Malaysia", "country", "asia"),
    ("Mongolia", "country", "asia"),
    ("Myanmar", "country", "asia"),
    ("New Zealand", "country", "asia"),
    ("Pakistan", "country", "asia"),
    ("Philippines", "country", "asia"),
    ("Russian Federation", "country", "asia"),
    ("Singapore", "country", "asia"),
    ("Thailand", "country", "asia"),
    ("Viet Nam", "country", "asia"),
    ("Austria", "country", "europe"),
    ("Belgium", "country", "europe"),
    ("Bulgaria", "country", "europe"),
    ("Croatia", "country", "europe"),
    ("Cyprus", "country", "europe"),
    ("Czech Republic", "country", "europe"),
    ("Denmark", "country", "europe"),
    ("Estonia", "country", "europe"),
    ("Finland", "country", "europe"),
    ("France", "country", "europe"),
    ("Germany", "country", "europe"),
    ("Greece", "country", "europe"),
    ("Hungary", "country", "europe"),
    ("Ireland", "country", "europe"),
    ("Italy", "country", "europe"),
    ("Latvia", "country", "europe"),
    ("Lithuania", "country", "europe"),
    ("Luxembourg", "country", "europe"),
    ("Malta", "country", "europe"),
    ("Netherlands", "country", "europe"),
    ("Norway", "country", "europe"),
    ("Poland", "country", "europe"),
    ("Portugal", "country", "europe"),
    ("Romania", "country", "europe"),
    ("Slovakia", "country", "europe"),
    ("Slovenia", "country", "europe"),
    ("Spain", "country", "europe"),
    ("Sweden", "country", "europe"),
    ("Switzerland", "country", "europe"),
    ("United Kingdom", "country", "europe"),
    ("European Union", "organisation", "europe"),
    ("ASEAN Secretariat", "organisation", "asia"),
]


def create_partners(apps, schema_editor):
    AsemPartner = apps.get_model("seminar_pages", "AsemPartner")
    existing = set(AsemPartner.objects.values_list("slug", flat=True))
    AsemPartner.objects.bulk_create(
        AsemPartner(name=name, slug=slugify(name), kind=kind, region=region, sort_order=order)
        for order, (name, kind, region) in enumerate(PARTNERS)
        if slugify(name) not in existing
    )


def delete_partners(apps, schema_editor):
    apps.get_model("seminar_pages", "AsemPartner").objects.filter(
        slug__in=[slugify(name) for name, _kind, _region in PARTNERS]
    ).delete()


def grant_contacts_to_secretariat(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    secretariat = Group.objects.filter(name=SECRETARIAT).first()
    if secretariat is None:
        return
    content_type, _created = ContentType.objects.get_or_create(
        app_label="outputs", model="partnercontact"
    )
    for action in ("add", "change", "delete", "view"):
        secretariat.permissions.add(
            Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_partnercontact",
                defaults={"name": f"Can {action} partner contact"},
            )[0]
        )


def revoke_contacts_from_secretariat(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    secretariat = Group.objects.filter(name=SECRETARIAT).first()
    if secretariat is not None:
        secretariat.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="outputs", codename__endswith="_partnercontact"
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("outputs", "0008_output_pdfs"),
        ("seminar_pages", "0013_participant_names_in_scripts"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="keymessagespage",
            name="embargo_until",
            field=models.DateTimeField(
                blank=True,
                help_text="Until this moment the published messages are read only by their editors and the ASEM Partners; to everyone else they do not exist yet. Leave empty to release them on publishing.",
                null=True,
                verbose_name="public release",
            ),
        ),
        migrations.CreateModel(
            name="PartnerContact",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        blank=True,
                        help_text="Optional: a person or an office.",
                        max_length=200,
                        verbose_name="name",
                    ),
                ),
                (
                    "email",
                    models.EmailField(
                        help_text="Where the Key Messages are sent.",
                        max_length=254,
                        verbose_name="email",
                    ),
                ),
                (
                    "language",
                    models.CharField(
                        default="en",
                        help_text="Key Messages are sent in this language where a published translation exists, otherwise in English.",
                        max_length=15,
                        verbose_name="preferred language",
                    ),
                ),
                (
                    "partner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="contacts",
                        to="seminar_pages.asempartner",
                        verbose_name="ASEM partner",
                    ),
                ),
            ],
            options={
                "verbose_name": "partner contact",
                "verbose_name_plural": "partner contacts",
                "ordering": ["partner__sort_order", "partner__name", "email"],
            },
        ),
        migrations.CreateModel(
            name="DisseminationSend",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("email", models.EmailField(max_length=254, verbose_name="email")),
                ("language", models.CharField(max_length=15, verbose_name="language")),
                (
                    "channel",
                    models.CharField(
                        choices=[
                            ("email", "Email"),
                            ("note", "Diplomatic note or letter"),
                            ("in_person", "In person"),
                            ("other", "Other"),
                        ],
                        default="email",
                        max_length=20,
                        verbose_name="channel",
                    ),
                ),
                ("sent_at", models.DateTimeField(auto_now_add=True, verbose_name="time")),
                ("succeeded", models.BooleanField(default=False, verbose_name="succeeded")),
                ("error", models.TextField(blank=True, verbose_name="error")),
                (
                    "key_messages",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="dissemination_sends",
                        to="outputs.keymessagespage",
                        verbose_name="Key Messages",
                    ),
                ),
                (
                    "partner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="dissemination_sends",
                        to="seminar_pages.asempartner",
                        verbose_name="ASEM partner",
                    ),
                ),
                (
                    "sent_page",
                    models.ForeignKey(
                        blank=True,
                        help_text="The translation that was sent (or the English page).",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.WAGTAIL_PAGE_MODEL,
                        verbose_name="page sent",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="sent by",
                    ),
                ),
                (
                    "contact",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="sends",
                        to="outputs.partnercontact",
                        verbose_name="contact",
                    ),
                ),
            ],
            options={
                "verbose_name": "dissemination send",
                "verbose_name_plural": "dissemination sends",
                "ordering": ["-sent_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="DisseminationRecord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sent_on", models.DateField(verbose_name="date sent")),
                ("language", models.CharField(max_length=15, verbose_name="language")),
                (
                    "channel",
                    models.CharField(
                        choices=[
                            ("email", "Email"),
                            ("note", "Diplomatic note or letter"),
                            ("in_person", "In person"),
                            ("other", "Other"),
                        ],
                        max_length=20,
                        verbose_name="channel",
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=500, verbose_name="note")),
                ("recorded_at", models.DateTimeField(auto_now=True, verbose_name="recorded at")),
                (
                    "key_messages",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="dissemination_records",
                        to="outputs.keymessagespage",
                        verbose_name="Key Messages",
                    ),
                ),
                (
                    "partner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="dissemination_records",
                        to="seminar_pages.asempartner",
                        verbose_name="ASEM partner",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="recorded by",
                    ),
                ),
            ],
            options={
                "verbose_name": "dissemination record",
                "verbose_name_plural": "dissemination records",
                "ordering": ["partner__sort_order", "partner__name"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("key_messages", "partner"),
                        name="one_dissemination_record_per_partner",
                    )
                ],
            },
        ),
        migrations.AddConstraint(
            model_name="partnercontact",
            constraint=models.UniqueConstraint(
                fields=("partner", "email"), name="unique_partner_contact"
            ),
        ),
        migrations.RunPython(create_partners, delete_partners),
        migrations.RunPython(grant_contacts_to_secretariat, revoke_contacts_from_secretariat),
    ]
