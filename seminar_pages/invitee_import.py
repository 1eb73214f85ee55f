"""The import of an edition's invitees from a spreadsheet (CSV or XLSX).

The Secretariat keeps its invitee lists in spreadsheets, edited by several people in several
programs, so the reader is lenient about form (header spelling, delimiter, case, spaces) and
strict about content: a file is imported whole or not at all, and a refused file comes back
with every problem at once, by line and column as the spreadsheet shows them, so that one
round of corrections is enough.

Re-importing a corrected or extended list is the normal way of working: a row whose email
belongs to a participant of the edition updates that participant, nothing is ever deleted,
and nobody is created twice.
"""

import csv
import datetime
import io
import os
import re
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.formats import number_format
from django.utils.text import Truncator, slugify
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from seminar_pages.models import AsemPartner, EditionParticipant, Invitation

MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024
# The line of errors about the file as a whole (a spreadsheet's lines start at 1).
FILE = 0
LOG_ACTION = "seminar_pages.import_invitee"

Category = EditionParticipant.Category
Gender = EditionParticipant.Gender


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    reason: str


@dataclass(frozen=True)
class Invitee:
    line: int
    name: str
    email: str
    organisation: str
    category: str
    partner: AsemPartner | None
    language: str
    gender: str
    names_in_other_scripts: str


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


class ImportRefused(Exception):
    """The file was not imported; ``errors`` says why, in the order of the file."""

    def __init__(self, errors):
        self.errors = list(errors)
        # The reasons may quote names and emails: the message itself stays impersonal.
        super().__init__(f"The file was refused with {len(self.errors)} error(s).")


@dataclass(frozen=True)
class _Column:
    field: str
    header: str  # how the error messages name a missing column
    synonyms: tuple[str, ...]
    required: bool = False


# Headers are compared folded (``_fold_header``): "E-mail", "e_mail" and "EMAIL" are one.
COLUMNS = (
    _Column("name", "Name", ("name", "full name", "participant name"), required=True),
    _Column("email", "Email", ("email", "email address", "mail"), required=True),
    _Column("organisation", "Organisation", ("organisation", "organization", "institution")),
    _Column("category", "Category", ("category",), required=True),
    _Column("partner", "ASEM partner", ("partner", "asem partner")),
    _Column("language", "Language", ("language", "preferred language")),
    _Column("gender", "Gender", ("gender",)),
    _Column(
        "names_in_other_scripts",
        "Names in other scripts",
        ("names in other scripts", "name in other scripts", "other scripts"),
    ),
)
# Fields stored as given: a re-import compares them to find what changed.
_UPDATED_FIELDS = (
    "name",
    "organisation",
    "category",
    "language",
    "gender",
    "names_in_other_scripts",
)


def read_invitees(file, *, filename, edition):
    """Parses and checks a whole invitee list, without writing anything.

    Args:
        file: a Django ``UploadedFile`` or any binary file object.
        filename: the file's name; its extension says XLSX (``.xlsx``) or CSV (``.csv``,
            ``.txt``).
        edition: the ``EditionPage`` the invitees are for; names already given to its
            participants are checked against the file.

    Returns:
        One ``Invitee`` per non-empty row, in the order of the file.

    Raises:
        ImportRefused: with every problem of the file, when there is any.
    """
    header, rows = _read_table(file, filename)
    if not any(header) and not rows:
        raise ImportRefused([_file_error(_empty_file_reason())])
    positions, errors = _map_header(header)
    if errors:
        raise ImportRefused(errors)
    if not rows:
        raise ImportRefused(
            [
                _file_error(
                    _(
                        "The file has a header row but no invitees: put one invitee per line "
                        "below it."
                    )
                )
            ]
        )

    checker = _RowChecker(edition, header, positions)
    invitees = []
    for number, cells in rows:
        invitee = checker.check(number, cells)
        if invitee is not None:
            invitees.append(invitee)
    errors = checker.errors
    if "partner" not in positions and checker.rows_needing_partner:
        errors.insert(
            0,
            RowError(
                1,
                "",
                _(
                    "The column “ASEM partner” is missing; every invitee needs one except "
                    "those of international organisations. Add it to the header row."
                ),
            ),
        )
    if errors:
        raise ImportRefused(errors)
    return invitees


def import_invitees(edition, file, *, filename, acting_user):
    """Creates and updates the participants of an edition from an invitee list.

    A row whose email (in any case) belongs to a participant of the edition updates that
    participant; any other row creates a participant with an invitation. The email of an
    existing participant is left as it is: the invitation link is bound to it, and a change
    of case only would break the link.

    Args:
        edition: the ``EditionPage`` to import into.
        file: a Django ``UploadedFile`` or any binary file object.
        filename: the file's name (see ``read_invitees``).
        acting_user: who imports; the action log names them.

    Returns:
        An ``ImportResult`` counting the participants created, updated and left unchanged.

    Raises:
        ImportRefused: when the file has any problem; nothing is written then.
    """
    invitees = read_invitees(file, filename=filename, edition=edition)
    try:
        with transaction.atomic():
            return _write(edition, invitees, acting_user)
    except IntegrityError:
        # Someone else changed the edition's participants between the check and the write.
        raise ImportRefused(
            [
                _file_error(
                    _(
                        "The participants of this edition were changed while the file was "
                        "being imported. Nothing was imported; import the file again."
                    )
                )
            ]
        ) from None


def _write(edition, invitees, acting_user):
    existing = {
        participant.email.lower(): participant
        for participant in EditionParticipant.objects.filter(edition=edition).exclude(email="")
    }
    created = updated = unchanged = 0
    for invitee in invitees:
        values = {field: getattr(invitee, field) for field in _UPDATED_FIELDS}
        participant = existing.get(invitee.email)
        if participant is None:
            participant = EditionParticipant.objects.create(
                edition=edition, email=invitee.email, partner=invitee.partner, **values
            )
            Invitation.objects.create(participant=participant, public_id=uuid.uuid4())
            existing[invitee.email] = participant
            created += 1
            is_new = True
        else:
            changed = [
                field for field, value in values.items() if getattr(participant, field) != value
            ]
            if participant.partner_id != (invitee.partner.pk if invitee.partner else None):
                changed.append("partner")
            if not changed:
                unchanged += 1
                continue
            for field in changed:
                setattr(participant, field, getattr(invitee, field))
            participant.save(update_fields=changed)
            updated += 1
            is_new = False
        log(instance=participant, action=LOG_ACTION, user=acting_user, data={"created": is_new})
    return ImportResult(created=created, updated=updated, unchanged=unchanged)


# Reading the file


def _file_error(reason):
    return RowError(FILE, "", reason)


def _empty_file_reason():
    return _(
        "The file is empty. Put the column names on line 1 (Name, Email, Category, "
        "ASEM partner, …) and one invitee per line below them."
    )


def _not_readable_reason():
    return _(
        "The file could not be read as a spreadsheet. In your spreadsheet program, save it "
        "as UTF-8 CSV or as XLSX (Excel workbook) and import that file."
    )


def _read_table(file, filename):
    """The header's cells and the non-empty rows below it, numbered as a spreadsheet does."""
    extension = os.path.splitext(filename or "")[1].lower()
    if extension not in {".xlsx", ".csv", ".txt"}:
        raise ImportRefused(
            [
                _file_error(
                    _(
                        "“%(filename)s” is not a CSV or XLSX file. Save it as UTF-8 CSV or as "
                        "XLSX (Excel workbook) and import that file."
                    )
                    % {"filename": Truncator(filename or "").chars(80)}
                )
            ]
        )
    data = _read_bytes(file)
    if not data:
        raise ImportRefused([_file_error(_empty_file_reason())])
    if extension == ".xlsx":
        return _read_xlsx(data)
    return _read_csv(data)


def _read_bytes(file):
    if hasattr(file, "seek"):
        try:
            file.seek(0)
        except (OSError, ValueError):
            pass  # an unseekable stream is read from where it is
    data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ImportRefused(
            [
                _file_error(
                    _("The file is larger than %(size)s MB. Split the list into smaller files.")
                    % {"size": MAX_BYTES // (1024 * 1024)}
                )
            ]
        )
    return data


def _read_csv(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused([_file_error(_not_readable_reason())]) from None
    if "\x00" in text:
        # UTF-16 text, or a binary file with a .csv name.
        raise ImportRefused([_file_error(_not_readable_reason())])
    if not text.strip():
        raise ImportRefused([_file_error(_empty_file_reason())])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        return _collect(enumerate(reader, start=1))
    except csv.Error:
        raise ImportRefused([_file_error(_not_readable_reason())]) from None


def _delimiter(text):
    """The delimiter the header row uses most: spreadsheet programs write ";" where the
    decimal separator is a comma, and "tab" in their "text" format. Only the header is
    looked at because invitees' organisations may hold commas or semicolons."""
    header = text.splitlines()[0] if text else ""
    counts = {delimiter: header.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _read_xlsx(data):
    import openpyxl  # only XLSX imports pay for loading it

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for files that are not workbooks
        raise ImportRefused([_file_error(_not_readable_reason())]) from None
    try:
        sheet = workbook.worksheets[0]
        # The size a file records may be wrong (some programs write none or a stale one);
        # forgetting it makes openpyxl read every row there is.
        sheet.reset_dimensions()
        return _collect(enumerate(sheet.iter_rows(values_only=True), start=1))
    except ImportRefused:
        raise
    except Exception:  # damaged content is only found while reading
        raise ImportRefused([_file_error(_not_readable_reason())]) from None
    finally:
        workbook.close()


def _collect(numbered_rows):
    header, rows = [], []
    for number, row in numbered_rows:
        cells = [_text(value) for value in row]
        if number == 1:
            header = cells
        elif any(cells):
            rows.append((number, cells))
            if len(rows) > MAX_ROWS:
                raise ImportRefused(
                    [
                        _file_error(
                            _(
                                "The file has more than %(limit)s invitees. Split the list "
                                "into files of at most %(limit)s rows."
                            )
                            % {"limit": number_format(MAX_ROWS, force_grouping=True)}
                        )
                    ]
                )
    return header, rows


def _text(value):
    """A cell as stripped text: XLSX cells may be numbers, dates or empty."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, datetime.datetime | datetime.date | datetime.time):
        value = value.isoformat()
    return str(value).strip()


# Checking the rows


def _fold(value):
    """Text compared regardless of case and of runs of spaces."""
    return " ".join(value.split()).casefold()


def _fold_header(title):
    return re.sub(r"[\W_]+", "", title).casefold()


def _quote(value):
    return Truncator(value).chars(60)


def _map_header(header):
    """Which file column holds which field, and what is wrong with the header row."""
    by_name = {_fold_header(name): column for column in COLUMNS for name in column.synonyms}
    positions, errors = {}, []
    for index, title in enumerate(header):
        column = by_name.get(_fold_header(title))
        if column is None:
            continue  # a column of the Secretariat's own, e.g. notes
        if column.field in positions:
            errors.append(
                RowError(
                    1,
                    title,
                    _(
                        "The columns “%(first)s” and “%(second)s” mean the same thing. "
                        "Delete one of them."
                    )
                    % {"first": header[positions[column.field]], "second": title},
                )
            )
            continue
        positions[column.field] = index
    for column in COLUMNS:
        if column.required and column.field not in positions:
            errors.append(
                RowError(
                    1,
                    "",
                    _("The column “%(column)s” is missing. Add it to the header row (line 1).")
                    % {"column": column.header},
                )
            )
    return positions, errors


class _RowChecker:
    """Checks rows one by one, remembering what earlier rows and the database hold."""

    def __init__(self, edition, header, positions):
        self.header = header
        self.positions = positions
        self.errors = []
        self.rows_needing_partner = False
        self.email_lines = {}
        self.name_lines = {}
        existing = EditionParticipant.objects.filter(edition=edition).values_list(
            "pk", "name", "email"
        )
        self.owner_of_email = {email.lower(): pk for pk, _name, email in existing if email}
        self.holder_of_name = {_fold(name): pk for pk, name, _email in existing}
        self.max_length = {
            field: EditionParticipant._meta.get_field(field).max_length
            for field in ("name", "email", "organisation")
        }
        self.categories = _category_lookup()
        self.partners = _partner_lookup()
        self.languages = _language_lookup()
        self.genders = _gender_lookup()

    def check(self, line, cells):
        """The row's ``Invitee``, or None after adding the row's errors to ``errors``."""
        found = []

        def cell(field):
            index = self.positions.get(field)
            return cells[index] if index is not None and index < len(cells) else ""

        def error(field, reason):
            index = self.positions.get(field, -1)
            column = self.header[index] if index >= 0 else ""
            found.append((index, RowError(line, column, reason)))

        name = self._name(line, cell("name"), error)
        email = self._email(line, cell("email"), error)
        if name and email:
            self._name_is_free(name, email, error)
        organisation = cell("organisation")
        self._fits("organisation", organisation, error)
        category = self._category(cell("category"), error)
        partner = self._partner(cell("partner"), category, error)
        language = self._language(cell("language"), error)
        gender = self._gender(cell("gender"), error)
        names_in_other_scripts = _split_names(cell("names_in_other_scripts"))

        if found:
            self.errors.extend(row_error for _index, row_error in sorted(found, key=_first))
            return None
        return Invitee(
            line=line,
            name=name,
            email=email,
            organisation=organisation,
            category=category,
            partner=partner,
            language=language,
            gender=gender,
            names_in_other_scripts=names_in_other_scripts,
        )

    def _fits(self, field, value, error):
        limit = self.max_length[field]
        if len(value) > limit:
            error(
                field,
                _("This is %(length)s characters long; at most %(limit)s fit.")
                % {"length": len(value), "limit": limit},
            )
            return False
        return True

    def _name(self, line, value, error):
        if not value:
            error("name", _("The name is missing; every invitee needs one."))
            return ""
        if not self._fits("name", value, error):
            return ""
        earlier = self.name_lines.setdefault(_fold(value), line)
        if earlier != line:
            error(
                "name",
                _(
                    "This name is also on line %(line)s. Two invitees may not have the same "
                    "name: if they are two people, tell them apart, e.g. by a middle name."
                )
                % {"line": earlier},
            )
            return ""
        return value

    def _email(self, line, value, error):
        value = value.lower()
        if not value:
            error("email", _("The email is missing; the invitation is sent to it."))
            return ""
        if not self._fits("email", value, error):
            return ""
        try:
            EmailValidator()(value)
        except ValidationError:
            error(
                "email",
                _("“%(value)s” is not an email address. Write it as name@example.org.")
                % {"value": _quote(value)},
            )
            return ""
        earlier = self.email_lines.setdefault(value, line)
        if earlier != line:
            error(
                "email",
                _("This email is also on line %(line)s. Each invitee may appear only once.")
                % {"line": earlier},
            )
            return ""
        return value

    def _name_is_free(self, name, email, error):
        """A name may move to this email only if no other participant of the edition has it."""
        holder = self.holder_of_name.get(_fold(name))
        if holder is not None and holder != self.owner_of_email.get(email):
            error(
                "name",
                _(
                    "Another participant of this edition, with another email, is already "
                    "called “%(name)s”. Use another name, or first correct that participant's "
                    "email."
                )
                % {"name": _quote(name)},
            )

    def _category(self, value, error):
        if not value:
            error(
                "category",
                _("The category is missing. Write one of: %(choices)s.")
                % {"choices": _category_choices()},
            )
            return ""
        category = self.categories.get(_category_key(value))
        if category is None:
            error(
                "category",
                _("“%(value)s” is not a category. Write one of: %(choices)s.")
                % {"value": _quote(value), "choices": _category_choices()},
            )
            return ""
        return category

    def _partner(self, value, category, error):
        if not value:
            if category and category != Category.INTERNATIONAL_ORGANISATION:
                if "partner" in self.positions:
                    error(
                        "partner",
                        _(
                            "The ASEM partner is missing; every invitee needs one except those "
                            "of international organisations. Write the partner's name, e.g. "
                            "“Japan” or “European Union”."
                        ),
                    )
                else:
                    self.rows_needing_partner = True
            return None
        partner = self.partners.get(_fold(value)) or self.partners.get(slugify(value))
        if partner is None:
            error(
                "partner",
                _(
                    "“%(value)s” is not an ASEM partner. Write the partner's name as in the list "
                    "of ASEM partners, e.g. “Japan”, “Republic of Korea” or “European Union”."
                )
                % {"value": _quote(value)},
            )
        return partner

    def _language(self, value, error):
        if not value:
            return settings.LANGUAGE_CODE
        language = self.languages.get(_language_key(value))
        if language is None:
            error(
                "language",
                _(
                    "“%(value)s” is not a language of this site. Write a code or an English "
                    "name: %(choices)s; or leave it empty for %(default)s."
                )
                % {
                    "value": _quote(value),
                    "choices": _language_choices(),
                    "default": settings.LANGUAGE_CODE,
                },
            )
            return ""
        return language

    def _gender(self, value, error):
        if not value:
            return ""
        gender = self.genders.get(_fold(value))
        if gender is None:
            error(
                "gender",
                _(
                    "“%(value)s” is not a gender this list records. Write female, male or "
                    "other (or F, M), or leave it empty when not stated."
                )
                % {"value": _quote(value)},
            )
            return ""
        return gender


def _first(pair):
    return pair[0]


def _split_names(value):
    """One name per line, as the model stores them; spreadsheet users often write ";"
    (or the full-width "；" of Chinese and Japanese input) instead of a line break."""
    names = (name.strip() for name in re.split(r"[;；\r\n]+", value))
    return "\n".join(dict.fromkeys(name for name in names if name))


# What the cells may say. English is always accepted, as are the labels in the language of
# the person importing; error messages list the English, which the file's headers use too.


def _category_key(value):
    return _fold(re.sub(r"[_\-]", " ", value)).replace("organization", "organisation")


def _category_lookup():
    lookup = {}
    for code, label in Category.choices:
        keys = [code, str(label)]
        with translation.override("en"):
            keys.append(str(label))
        for key in keys:
            lookup.setdefault(_category_key(key), code)
    return lookup


def _category_choices():
    with translation.override("en"):
        labels = [
            f"{label} (NHRI)" if code == Category.NHRI else str(label)
            for code, label in Category.choices
        ]
    return ", ".join(labels)


def _partner_lookup():
    lookup = {}
    for partner in AsemPartner.objects.all():
        lookup[_fold(partner.name)] = partner
        lookup[partner.slug.lower()] = partner
    return lookup


def _language_key(value):
    return _fold(value.replace("_", "-"))


def _language_names(code, name):
    names = [code, str(name)]
    with translation.override("en"):
        names.append(str(name))
    try:
        info = get_language_info(code)
    except KeyError:
        return names
    return [*names, info["name"], info["name_local"]]


def _language_lookup():
    lookup = {}
    for code, name in settings.LANGUAGES:
        for key in _language_names(code, name):
            lookup.setdefault(_language_key(key), code)
    return lookup


def _language_choices():
    with translation.override("en"):
        return ", ".join(f"{code} ({name})" for code, name in settings.LANGUAGES)


def _gender_lookup():
    lookup = {"f": Gender.FEMALE, "m": Gender.MALE}
    for code, label in Gender.choices:
        keys = [code, str(label)]
        with translation.override("en"):
            keys.append(str(label))
        for key in keys:
            lookup.setdefault(_fold(key), code)
    return lookup
