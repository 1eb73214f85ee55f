"""The people of an edition: invitations, registrations and working-group assignments.

All of it is personal data, readable by the ASEF Secretariat only (no other role holds a
permission on these models, and ``access.may_read_model`` keeps them out of every generic
view). Names also serve the Chatham House check of published outputs.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class EditionParticipant(models.Model):
    """A person invited to an edition. Their name must never appear in a published output."""

    class Category(models.TextChoices):
        CIVIL_SOCIETY = "civil_society", _("Civil society")
        GOVERNMENT = "government", _("Government")
        NHRI = "nhri", _("National human rights institution")
        INTERNATIONAL_ORGANISATION = "international_organisation", _("International organisation")

    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("Another gender")

    edition = models.ForeignKey(
        "seminar_pages.EditionPage",
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    # Who
    name = models.CharField(_("name"), max_length=255, help_text=_("As written in documents."))
    names_in_other_scripts = models.TextField(
        _("name in other scripts"),
        blank=True,
        help_text=_(
            "One per line, as the name is written in the languages of the archive, e.g. "
            "Cyrillic (Mongolian, Russian), Chinese, Japanese, Korean or Thai. Translations "
            "are checked for these too."
        ),
    )
    email = models.EmailField(
        _("email"),
        blank=True,
        help_text=_("Where the invitation goes; its link works for this address only."),
    )
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    category = models.CharField(
        _("category"),
        max_length=30,
        choices=Category.choices,
        blank=True,
        help_text=_("Institutional background; balanced across working groups."),
    )
    partner = models.ForeignKey(
        "seminar_pages.AsemPartner",
        verbose_name=_("ASEM partner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The partner the person comes from or was nominated by; gives the region."),
    )
    language = models.CharField(
        _("preferred language"),
        max_length=10,
        default=settings.LANGUAGE_CODE,
        help_text=_("Invitations, reminders and the registration form come in this language."),
    )
    gender = models.CharField(
        _("gender"),
        max_length=10,
        choices=Gender.choices,
        blank=True,
        help_text=_("Optional; balanced across working groups when given."),
    )
    expertise = models.TextField(_("expertise"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="seminar_participations",
    )
    # Working group
    working_group = models.ForeignKey(
        "seminar_pages.WorkingGroupPage",
        verbose_name=_("working group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participants",
        help_text=_("The confirmed assignment: membership of this group opens its material."),
    )
    proposed_group = models.ForeignKey(
        "seminar_pages.WorkingGroupPage",
        verbose_name=_("proposed working group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The last assignment run's proposal, until an editor confirms it."),
    )
    pinned_group = models.ForeignKey(
        "seminar_pages.WorkingGroupPage",
        verbose_name=_("pinned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The assignment puts this person in this group."),
    )
    excluded_groups = models.ManyToManyField(
        "seminar_pages.WorkingGroupPage",
        verbose_name=_("excluded from"),
        blank=True,
        related_name="+",
        help_text=_("The assignment never puts this person in these groups."),
    )
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["edition", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "name"], name="unique_participant_per_edition"
            ),
            models.UniqueConstraint(
                Lower("email"),
                "edition",
                condition=~Q(email=""),
                name="unique_participant_email_per_edition",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def region(self):
        """Asia or Europe, from the ASEM partner; empty for international organisations."""
        return self.partner.region if self.partner_id else ""


class Invitation(models.Model):
    """The invitation of one participant: its state and the digest of its link.

    The link's secret is never stored: only an HMAC of it together with the invitee's
    email, so that a leaked database opens no registration, and a link stops working when
    the email it was sent to is changed.
    """

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        OPENED = "opened", _("Opened")
        REGISTERED = "registered", _("Registered")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    participant = models.OneToOneField(
        EditionParticipant, on_delete=models.CASCADE, related_name="invitation"
    )
    public_id = models.UUIDField(unique=True, editable=False)
    token_digest = models.CharField(max_length=64, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.INVITED
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    expires_at = models.DateTimeField(_("link expires"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(_("reminders sent"), default=0)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return str(self.participant)

    @property
    def is_open(self):
        """Whether the invitee may still answer (register or decline)."""
        return self.status in {self.Status.INVITED, self.Status.OPENED}


class Registration(models.Model):
    """What a participant stated when registering."""

    participant = models.OneToOneField(
        EditionParticipant, on_delete=models.CASCADE, related_name="registration"
    )
    registered_at = models.DateTimeField(_("registered"), auto_now_add=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered on their behalf by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    read_background_paper = models.BooleanField(_("read the Background Paper"), default=False)
    consent_text = models.TextField(
        _("consent given to"), blank=True, help_text=_("The notice as the person read it.")
    )
    consented_at = models.DateTimeField(_("consented"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")

    def __str__(self):
        return str(self.participant)

    def ranked_groups(self):
        """The working groups in the participant's order of preference."""
        return [choice.working_group for choice in self.choices.all() if choice.working_group]


class WorkingGroupChoice(models.Model):
    """One ranked working group of a registration (1: first choice)."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="choices")
    working_group = models.ForeignKey(
        "seminar_pages.WorkingGroupPage", on_delete=models.CASCADE, related_name="+"
    )
    rank = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["registration", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "rank"], name="one_group_per_rank"),
            models.UniqueConstraint(
                fields=["registration", "working_group"], name="one_rank_per_group"
            ),
        ]

    def __str__(self):
        return f"{self.rank}: {self.working_group_id}"
