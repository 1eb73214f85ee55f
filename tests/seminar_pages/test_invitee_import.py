import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from wagtail.models import ModelLogEntry

from seminar_pages.factories import EditionPageFactory
from seminar_pages.invitee_import import (
    FILE,
    LOG_ACTION,
    MAX_BYTES,
    MAX_ROWS,
    ImportRefused,
    ImportResult,
    import_invitees,
    read_invitees,
)
from seminar_pages.models import AsemPartner, EditionParticipant, Invitation

pytestmark = pytest.mark.django_db

HEADER = "Name,Email,Organisation,Category,ASEM partner,Language,Gender,Names in other scripts"


@pytest.fixture
def secretary(django_user_model):
    return django_user_model.objects.create_user("secretary", password="x")


def csv_file(text):
    return io.BytesIO(text.encode())


def xlsx_file(rows, *, sheets=None):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for title, extra_rows in (sheets or {}).items():
        extra = workbook.create_sheet(title)
        for row in extra_rows:
            extra.append(row)
        workbook.active = extra
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def run(edition, text, secretary, filename="invitees.csv"):
    return import_invitees(edition, csv_file(text), filename=filename, acting_user=secretary)


def refusal(edition, file, filename="invitees.csv"):
    with pytest.raises(ImportRefused) as caught:
        read_invitees(file, filename=filename, edition=edition)
    return caught.value.errors


def where(errors):
    return [(error.line, error.column) for error in errors]


def counts():
    return (
        EditionParticipant.objects.count(),
        Invitation.objects.count(),
        ModelLogEntry.objects.filter(action=LOG_ACTION).count(),
    )


# Good files


def test_the_53_asem_partners_are_there_to_match():
    assert AsemPartner.objects.count() == 53


def test_comma_csv_creates_participants_with_invitations(edition, secretary):
    result = run(
        edition,
        f"{HEADER}\n"
        "Ana Lima,ana@example.org,Human Rights Watch,Civil society,Japan,ja,female,\n"
        "Ben Nørgaard,ben@example.org,,Government,Denmark,,,\n",
        secretary,
    )

    assert result == ImportResult(created=2, updated=0, unchanged=0)
    ana = EditionParticipant.objects.get(edition=edition, email="ana@example.org")
    assert (ana.name, ana.organisation, ana.category, ana.partner.name) == (
        "Ana Lima",
        "Human Rights Watch",
        "civil_society",
        "Japan",
    )
    assert (ana.language, ana.gender) == ("ja", "female")
    assert ana.invitation.status == Invitation.Status.INVITED
    assert ana.invitation.public_id
    ben = EditionParticipant.objects.get(edition=edition, email="ben@example.org")
    assert ben.invitation.public_id != ana.invitation.public_id


def test_semicolon_csv_is_read_like_a_comma_one(edition, secretary):
    result = run(
        edition,
        "Name;Email;Organisation;Category;ASEM partner\n"
        "Ana Lima;ana@example.org;Institute, Inc.;Government;Japan\n",
        secretary,
    )

    assert result.created == 1
    assert EditionParticipant.objects.get().organisation == "Institute, Inc."


def test_tab_separated_txt_is_read(edition, secretary):
    result = run(
        edition,
        "Name\tEmail\tCategory\tPartner\nAna Lima\tana@example.org\tNHRI\tFrance\n",
        secretary,
        filename="invitees.txt",
    )

    assert result.created == 1
    assert EditionParticipant.objects.get().category == "nhri"


def test_excel_utf8_csv_with_byte_order_mark_is_read(edition, secretary):
    file = io.BytesIO(
        ("Name,Email,Category,Partner\nZoë Ñúñez,zoe@example.org,Government,Spain\n").encode(
            "utf-8-sig"
        )
    )

    import_invitees(edition, file, filename="invitees.csv", acting_user=secretary)

    assert EditionParticipant.objects.get().name == "Zoë Ñúñez"


def test_quoted_cells_may_hold_delimiters_and_line_breaks_and_lines_count_rows(edition):
    text = (
        "Name,Email,Organisation,Category,Partner,Names in other scripts\n"
        'Yuki Tanaka,yuki@example.org,"Office, Tokyo",Government,Japan,"田中 由紀\nタナカ ユキ"\n'
        "Bad,not-an-email,,Government,Japan,\n"
    )

    errors = refusal(edition, csv_file(text))

    assert where(errors) == [(3, "Email")]


def test_xlsx_creates_participants_and_reads_numbers_and_empty_cells(edition, secretary):
    file = xlsx_file(
        [
            ["Name", "Email", "Organisation", "Category", "ASEM partner", "Language", "Gender"],
            ["Ana Lima", "ana@example.org", 1234.0, "Civil society", "Japan", None, None],
            ["  Ben Nørgaard ", " Ben@Example.org ", None, "government", "denmark", "FR", "m"],
        ]
    )

    result = import_invitees(edition, file, filename="Invitees.XLSX", acting_user=secretary)

    assert result == ImportResult(created=2, updated=0, unchanged=0)
    ana = EditionParticipant.objects.get(email="ana@example.org")
    assert (ana.organisation, ana.language, ana.gender) == ("1234", "en", "")
    ben = EditionParticipant.objects.get(email="ben@example.org")
    assert (ben.name, ben.language, ben.gender, ben.partner.slug) == (
        "Ben Nørgaard",
        "fr",
        "male",
        "denmark",
    )
    assert Invitation.objects.filter(participant__edition=edition).count() == 2


def test_xlsx_is_read_from_its_first_worksheet_not_the_active_one(edition):
    file = xlsx_file(
        [["Name", "Email", "Category", "Partner"], ["Ana", "ana@example.org", "NHRI", "Japan"]],
        sheets={"Notes": [["Name", "Email"], ["Other", "other@example.org"]]},
    )

    invitees = read_invitees(file, filename="invitees.xlsx", edition=edition)

    assert [invitee.name for invitee in invitees] == ["Ana"]


def test_xlsx_errors_give_the_spreadsheet_row_and_the_header(edition):
    file = xlsx_file(
        [
            ["Name", "E-mail", "Category", "Partner"],
            ["Ana", "ana@example.org", "NHRI", "Japan"],
            [None, None, None, None],
            ["Ben", "ben@example.org", "Journalist", "Japan"],
        ]
    )

    errors = refusal(edition, file, filename="invitees.xlsx")

    assert where(errors) == [(4, "Category")]


def test_headers_match_regardless_of_case_spaces_underscores_hyphens_and_synonyms(edition):
    text = (
        "FULL NAME,e-mail,Organization,CATEGORY,asem_partner,preferred-language,gender,"
        "Names_in_other_scripts\n"
        "Ana Lima,ana@example.org,Uni,Government,Japan,ja,f,アナ\n"
    )

    (invitee,) = read_invitees(csv_file(text), filename="a.csv", edition=edition)

    assert (invitee.name, invitee.email, invitee.organisation, invitee.language) == (
        "Ana Lima",
        "ana@example.org",
        "Uni",
        "ja",
    )
    assert (invitee.gender, invitee.names_in_other_scripts) == ("female", "アナ")


def test_unknown_columns_are_ignored(edition):
    text = (
        "Notes,Name,Email,Category,Partner,Phone\n"
        "call back,Ana,ana@example.org,Government,Japan,+45 1234\n"
    )

    (invitee,) = read_invitees(csv_file(text), filename="a.csv", edition=edition)

    assert (invitee.line, invitee.name) == (2, "Ana")


def test_categories_partners_languages_and_genders_accept_codes_and_english_names(edition):
    text = (
        "Name,Email,Category,ASEM partner,Language,Gender\n"
        "A,a@example.org,civil_society,republic-of-korea,zh-Hans,F\n"
        "B,b@example.org,NHRI,EUROPEAN UNION,Japanese,Male\n"
        "C,c@example.org,international organization,,simplified chinese,other\n"
        "D,d@example.org,International Organisation,ASEAN Secretariat,zh_hans,\n"
        "E,e@example.org,National human rights institution,Lao PDR,KO,m\n"
    )

    invitees = read_invitees(csv_file(text), filename="a.csv", edition=edition)

    assert [
        (i.category, i.partner.slug if i.partner else None, i.language, i.gender) for i in invitees
    ] == [
        ("civil_society", "republic-of-korea", "zh-hans", "female"),
        ("nhri", "european-union", "ja", "male"),
        ("international_organisation", None, "zh-hans", "other"),
        ("international_organisation", "asean-secretariat", "zh-hans", ""),
        ("nhri", "lao-pdr", "ko", "male"),
    ]


def test_blank_language_is_the_site_language_and_blank_gender_is_not_stated(edition, settings):
    text = "Name,Email,Category,Partner,Language,Gender\nAna,ana@example.org,NHRI,Japan,,\n"

    (invitee,) = read_invitees(csv_file(text), filename="a.csv", edition=edition)

    assert (invitee.language, invitee.gender) == (settings.LANGUAGE_CODE, "")


def test_names_in_other_scripts_are_stored_one_per_line(edition, secretary):
    run(
        edition,
        "Name,Email,Category,Partner,Names in other scripts\n"
        'Yuki Tanaka,yuki@example.org,NHRI,Japan," 田中 由紀 ; タナカ ユキ；\nたなか ゆき;;"\n',
        secretary,
    )

    assert EditionParticipant.objects.get().names_in_other_scripts == (
        "田中 由紀\nタナカ ユキ\nたなか ゆき"
    )


def test_email_is_lower_cased_and_cells_are_stripped(edition):
    text = "Name,Email,Category,Partner\n  Ana Lima  ,  Ana.Lima@Example.ORG ,  NHRI , Japan \n"

    (invitee,) = read_invitees(csv_file(text), filename="a.csv", edition=edition)

    assert (invitee.name, invitee.email, invitee.category) == (
        "Ana Lima",
        "ana.lima@example.org",
        "nhri",
    )


def test_empty_rows_are_skipped_and_lines_are_numbered_as_in_the_spreadsheet(edition):
    text = (
        "Name,Email,Category,Partner\n"
        ",,,\n"
        "\n"
        "Ana,ana@example.org,NHRI,Japan\n"
        " , ,  ,\n"
        "Ben,ben@example.org,NHRI,Japan\n"
    )

    invitees = read_invitees(csv_file(text), filename="a.csv", edition=edition)

    assert [(invitee.line, invitee.name) for invitee in invitees] == [(4, "Ana"), (6, "Ben")]


def test_a_django_uploaded_file_is_accepted(edition, secretary):
    upload = SimpleUploadedFile(
        "invitees.csv", b"Name,Email,Category,Partner\nAna,ana@example.org,NHRI,Japan\n"
    )

    result = import_invitees(edition, upload, filename=upload.name, acting_user=secretary)

    assert result.created == 1


# Bad rows


def test_every_bad_cell_is_reported_with_its_line_and_column(edition):
    text = "\n".join(
        [
            "Name,Email,Organisation,Category,ASEM partner,Language,Gender",
            ",a@example.org,,Government,Japan,,",
            "Bo,,,Government,Japan,,",
            "Cy,not-an-email,,Government,Japan,,",
            "Di,di@example.org,,,Japan,,",
            "Ed,ed@example.org,,Journalist,Japan,,",
            "Flo,flo@example.org,,Government,,,",
            "Gus,gus@example.org,,Government,Atlantis,,",
            "Hal,hal@example.org,,Government,Japan,Klingon,",
            "Ida,ida@example.org,,Government,Japan,,X",
            f"{'N' * 256},n@example.org,,Government,Japan,,",
            f"Jo,jo@example.org,{'O' * 256},Government,Japan,,",
            f"Kim,{'k' * 250}@example.org,,Government,Japan,,",
            ",,Some org,,,Klingon,X",
            "Good Person,good@example.org,,Government,Japan,,",
        ]
    )

    errors = refusal(edition, csv_file(text))

    assert where(errors) == [
        (2, "Name"),
        (3, "Email"),
        (4, "Email"),
        (5, "Category"),
        (6, "Category"),
        (7, "ASEM partner"),
        (8, "ASEM partner"),
        (9, "Language"),
        (10, "Gender"),
        (11, "Name"),
        (12, "Organisation"),
        (13, "Email"),
        (14, "Name"),
        (14, "Email"),
        (14, "Category"),
        (14, "Language"),
        (14, "Gender"),
    ]
    reasons = {(error.line, error.column): error.reason for error in errors}
    assert "not-an-email" in reasons[4, "Email"]
    assert "Journalist" in reasons[6, "Category"]
    assert "Civil society" in reasons[6, "Category"]
    assert "Atlantis" in reasons[8, "ASEM partner"]
    assert "Klingon" in reasons[9, "Language"]
    assert "ja (Japanese)" in reasons[9, "Language"]
    assert "female" in reasons[10, "Gender"]
    assert "256" in reasons[11, "Name"]
    assert "255" in reasons[11, "Name"]
    assert "254" in reasons[13, "Email"]


def test_the_same_email_twice_is_reported_on_the_later_line_naming_the_earlier(edition):
    text = (
        "Name,Email,Category,Partner\n"
        "Ana,ana@example.org,NHRI,Japan\n"
        "Ben,ben@example.org,NHRI,Japan\n"
        "Ana Again,ANA@example.org,NHRI,Japan\n"
    )

    (error,) = refusal(edition, csv_file(text))

    assert (error.line, error.column) == (4, "Email")
    assert "line 2" in error.reason


def test_the_same_name_twice_is_reported_on_the_later_line_naming_the_earlier(edition):
    text = (
        "Name,Email,Category,Partner\n"
        "Ana Lima,ana@example.org,NHRI,Japan\n"
        "ana  lima,other@example.org,NHRI,Japan\n"
    )

    (error,) = refusal(edition, csv_file(text))

    assert (error.line, error.column) == (3, "Name")
    assert "line 2" in error.reason


def test_a_name_another_participant_of_the_edition_has_is_refused(edition):
    EditionParticipant.objects.create(edition=edition, name="Ana Lima", email="ana@example.org")
    EditionParticipant.objects.create(edition=edition, name="No Email")
    text = (
        "Name,Email,Category,Partner\n"
        "Ana Lima,someone.else@example.org,NHRI,Japan\n"
        "No Email,no.email@example.org,NHRI,Japan\n"
    )

    errors = refusal(edition, csv_file(text))

    assert where(errors) == [(2, "Name"), (3, "Name")]
    assert "Ana Lima" in errors[0].reason


def test_a_name_used_in_another_edition_is_accepted(edition, edition_index):
    other = EditionPageFactory(parent=edition_index, number=22, year=2023, slug="22-2023")
    EditionParticipant.objects.create(edition=other, name="Ana Lima", email="ana@example.org")
    text = "Name,Email,Category,Partner\nAna Lima,new@example.org,NHRI,Japan\n"

    (invitee,) = read_invitees(csv_file(text), filename="a.csv", edition=edition)

    assert invitee.name == "Ana Lima"


@pytest.mark.parametrize(
    ("header", "missing"),
    [
        ("Email,Category,Partner", "Name"),
        ("Name,Category,Partner", "Email"),
        ("Name,Email,Partner", "Category"),
    ],
)
def test_a_missing_required_column_is_one_error_on_line_1_naming_it(edition, header, missing):
    text = f"{header}\na,b,c\n"

    (error,) = refusal(edition, csv_file(text))

    assert (error.line, error.column) == (1, "")
    assert f"“{missing}”" in error.reason


def test_the_partner_column_is_needed_only_when_a_row_needs_a_partner(edition):
    only_organisations = "Name,Email,Category\nAna,ana@example.org,International organisation\n"
    assert read_invitees(csv_file(only_organisations), filename="a.csv", edition=edition)

    with_government = only_organisations + "Ben,ben@example.org,Government\n"
    (error,) = refusal(edition, csv_file(with_government))

    assert (error.line, error.column) == (1, "")
    assert "ASEM partner" in error.reason


def test_two_columns_with_the_same_meaning_are_refused(edition):
    text = "Name,Email,Organisation,Organization,Category,Partner\nA,a@example.org,X,Y,NHRI,Japan\n"

    (error,) = refusal(edition, csv_file(text))

    assert (error.line, error.column) == (1, "Organization")


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_nothing_is_written_when_any_row_is_wrong(edition, secretary, kind):
    EditionParticipant.objects.create(
        edition=edition, name="Ana Lima", email="ana@example.org", organisation="Old"
    )
    rows = [
        ["Name", "Email", "Organisation", "Category", "Partner"],
        ["Ana Lima", "ana@example.org", "New", "NHRI", "Japan"],
        ["Ben", "ben@example.org", "", "NHRI", "Japan"],
        ["Cy", "cy@example.org", "", "NHRI", "Atlantis"],
    ]
    if kind == "csv":
        file = csv_file("\n".join(",".join(row) for row in rows))
    else:
        file = xlsx_file(rows)
    before = counts()

    with pytest.raises(ImportRefused) as caught:
        import_invitees(edition, file, filename=f"invitees.{kind}", acting_user=secretary)

    assert where(caught.value.errors) == [(4, "Partner")]
    assert counts() == before
    assert EditionParticipant.objects.get(email="ana@example.org").organisation == "Old"


def test_a_failure_while_writing_leaves_nothing_written(edition, secretary, monkeypatch):
    """Another import of the same people between the check and the write: all or nothing."""
    calls = []

    def log_then_collide(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise IntegrityError("duplicate key")

    monkeypatch.setattr("seminar_pages.invitee_import.log", log_then_collide)
    before = counts()

    with pytest.raises(ImportRefused) as caught:
        run(
            edition,
            "Name,Email,Category,Partner\nAna,ana@example.org,NHRI,Japan\n"
            "Ben,ben@example.org,NHRI,Japan\n",
            secretary,
        )

    assert where(caught.value.errors) == [(FILE, "")]
    assert counts() == before


# Re-import


def test_reimport_updates_by_email_in_any_case_and_creates_no_duplicates(edition, secretary):
    run(edition, "Name,Email,Category,Partner\nAna Lima,ana@example.org,NHRI,Japan\n", secretary)
    invitation = Invitation.objects.get()

    result = run(
        edition,
        "Name,Email,Organisation,Category,Partner,Language\n"
        "Ana Lima-Sato,ANA@Example.org,University,Government,France,fr\n"
        "Ben,ben@example.org,,NHRI,Japan,\n",
        secretary,
    )

    assert result == ImportResult(created=1, updated=1, unchanged=0)
    assert EditionParticipant.objects.filter(edition=edition).count() == 2
    assert Invitation.objects.count() == 2
    ana = EditionParticipant.objects.get(email="ana@example.org")
    assert (ana.name, ana.organisation, ana.category, ana.partner.name, ana.language) == (
        "Ana Lima-Sato",
        "University",
        "government",
        "France",
        "fr",
    )
    assert ana.invitation.public_id == invitation.public_id


def test_reimport_keeps_the_stored_email_which_the_invitation_link_is_bound_to(edition, secretary):
    EditionParticipant.objects.create(
        edition=edition, name="Ana", email="Ana@Example.org", category="nhri"
    )

    run(
        edition,
        "Name,Email,Category,Partner\nAna,ana@example.org,NHRI,Japan\n",
        secretary,
    )

    assert EditionParticipant.objects.get().email == "Ana@Example.org"


def test_identical_rows_are_counted_unchanged_and_not_logged(edition, secretary):
    text = (
        "Name,Email,Category,Partner,Names in other scripts\n"
        "Ana,ana@example.org,NHRI,Japan,アナ;あな\n"
        "Ben,ben@example.org,International organisation,,\n"
    )
    run(edition, text, secretary)
    logged = ModelLogEntry.objects.filter(action=LOG_ACTION).count()

    result = run(edition, text.replace("ana@", "ANA@"), secretary)

    assert result == ImportResult(created=0, updated=0, unchanged=2)
    assert ModelLogEntry.objects.filter(action=LOG_ACTION).count() == logged


def test_reimport_never_deletes_participants_missing_from_the_file(edition, secretary):
    run(
        edition,
        "Name,Email,Category,Partner\nAna,ana@example.org,NHRI,Japan\nBen,ben@example.org,NHRI,Japan\n",
        secretary,
    )

    result = run(
        edition, "Name,Email,Category,Partner\nBen,ben@example.org,NHRI,Japan\n", secretary
    )

    assert result == ImportResult(created=0, updated=0, unchanged=1)
    assert EditionParticipant.objects.filter(edition=edition).count() == 2


def test_reimport_may_not_rename_a_participant_to_another_participants_name(edition, secretary):
    run(
        edition,
        "Name,Email,Category,Partner\nAna,ana@example.org,NHRI,Japan\nBen,ben@example.org,NHRI,Japan\n",
        secretary,
    )

    errors = refusal(
        edition, csv_file("Name,Email,Category,Partner\nBen,ana@example.org,NHRI,Japan\n")
    )

    assert where(errors) == [(2, "Name")]
    assert EditionParticipant.objects.get(email="ana@example.org").name == "Ana"


def test_created_and_updated_participants_are_logged_without_personal_data(edition, secretary):
    run(edition, "Name,Email,Category,Partner\nAna,ana@example.org,NHRI,Japan\n", secretary)
    run(
        edition,
        "Name,Email,Category,Partner\nAna,ana@example.org,Government,Japan\n"
        "Ben,ben@example.org,NHRI,Japan\n",
        secretary,
    )

    entries = ModelLogEntry.objects.filter(action=LOG_ACTION).order_by("pk")
    ana = EditionParticipant.objects.get(email="ana@example.org")
    ben = EditionParticipant.objects.get(email="ben@example.org")
    assert [(entry.object_id, entry.data) for entry in entries] == [
        (str(ana.pk), {"created": True}),
        (str(ana.pk), {"created": False}),
        (str(ben.pk), {"created": True}),
    ]
    assert {entry.user_id for entry in entries} == {secretary.pk}


# The file as a whole


def one_file_error(edition, file, filename):
    (error,) = refusal(edition, file, filename=filename)
    assert (error.line, error.column) == (FILE, "")
    return error.reason


@pytest.mark.parametrize("filename", ["invitees.xls", "invitees.pdf", "invitees", ""])
def test_a_file_that_is_not_named_csv_or_xlsx_is_refused(edition, filename):
    reason = one_file_error(edition, csv_file("Name,Email\n"), filename)

    assert "UTF-8 CSV" in reason
    assert "XLSX" in reason


@pytest.mark.parametrize(
    ("content", "filename"),
    [
        (b"Name,Email,Category\nAna,ana@example.org,NHRI\n", "invitees.xlsx"),
        (b"PK\x03\x04 not really a zip", "invitees.xlsx"),
        ("Name,Email\nZoë,zoe@example.org\n".encode("latin-1"), "invitees.csv"),
        ("Name,Email\nAna,ana@example.org\n".encode("utf-16"), "invitees.csv"),
        (b"Name,Email\x00\x01\x02", "invitees.csv"),
    ],
    ids=["csv-named-xlsx", "broken-zip", "latin-1", "utf-16", "binary"],
)
def test_content_that_is_not_utf8_csv_or_xlsx_is_refused(edition, content, filename):
    reason = one_file_error(edition, io.BytesIO(content), filename)

    assert "UTF-8 CSV" in reason
    assert "XLSX" in reason


def test_an_xlsx_workbook_named_csv_is_refused(edition):
    file = xlsx_file([["Name", "Email"], ["Ana", "ana@example.org"]])

    assert "UTF-8 CSV" in one_file_error(edition, file, "invitees.csv")


@pytest.mark.parametrize(
    ("file", "filename"),
    [
        (io.BytesIO(b""), "invitees.csv"),
        (io.BytesIO(b""), "invitees.xlsx"),
        (io.BytesIO(b" \r\n\n\t"), "invitees.csv"),
        (io.BytesIO("\ufeff".encode()), "invitees.csv"),
    ],
    ids=["csv", "xlsx", "blank-csv", "bom-only"],
)
def test_an_empty_file_is_refused(edition, file, filename):
    assert "empty" in one_file_error(edition, file, filename)


def test_an_empty_workbook_is_refused(edition):
    assert "empty" in one_file_error(edition, xlsx_file([]), "invitees.xlsx")


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_header_without_rows_is_refused(edition, kind):
    header = ["Name", "Email", "Category", "Partner"]
    file = csv_file(",".join(header) + "\n,,,\n") if kind == "csv" else xlsx_file([header])

    assert "no invitees" in one_file_error(edition, file, f"invitees.{kind}")


def test_the_largest_list_allowed_is_read(edition):
    rows = "".join(f"P{n},p{n}@example.org,NHRI,Japan\n" for n in range(MAX_ROWS))

    invitees = read_invitees(
        csv_file("Name,Email,Category,Partner\n" + rows), filename="a.csv", edition=edition
    )

    assert len(invitees) == MAX_ROWS


def test_more_than_5000_rows_are_refused(edition):
    rows = "".join(f"P{n},p{n}@example.org,NHRI,Japan\n" for n in range(MAX_ROWS + 1))

    reason = one_file_error(edition, csv_file("Name,Email,Category,Partner\n" + rows), "a.csv")

    assert "5,000" in reason


def test_a_file_over_5_mb_is_refused_without_reading_it_all(edition):
    file = io.BytesIO(b"Name,Email,Category,Partner\n" + b"x" * MAX_BYTES)

    reason = one_file_error(edition, file, "invitees.csv")

    assert "5 MB" in reason
    assert file.tell() == MAX_BYTES + 1
