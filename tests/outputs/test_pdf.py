"""PDFs of Key Messages, Seminar Reports and Working Group Reports, in every language."""

import io
import unicodedata

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from pypdf import PdfReader
from wagtail.documents import get_document_model
from wagtail.models import Collection, Locale

from outputs import pdf
from outputs.factories import (
    KeyMessagesPageFactory,
    RecommendationFactory,
    SeminarReportPageFactory,
    WorkingGroupReportPageFactory,
)
from outputs.models import OutputDocument
from seminar_pages import access
from seminar_pages.factories import WorkingGroupPageFactory
from tests.seminar_pages.conftest import world  # noqa: F401 (the closed-door fixture)
from tests.utils import login

pytestmark = pytest.mark.django_db

# The page's text in each script: a title and a sentence of its body.
TEXTS = {
    "en": ("Key Messages of the seminar", "Protect the rights of migrant workers."),
    "ru": ("Ключевые послания семинара", "Защищать права трудящихся-мигрантов."),
    "mn": ("Семинарын гол санаанууд", "Хүний эрхийн үндэсний байгууллагуудыг бэхжүүлэх."),
    "zh-hans": ("研讨会的关键信息", "保护移徙工人的权利。"),
    "ja": ("セミナーの主要メッセージ", "移住労働者の権利を保護する。"),
    "ko": ("세미나 핵심 메시지", "이주 노동자의 권리를 보호한다."),
    "th": ("สาระสำคัญของการสัมมนา", "คุ้มครองสิทธิของแรงงานข้ามชาติ"),
    "vi": ("Thông điệp chính của hội thảo", "Bảo vệ quyền của người lao động di cư."),
}
# The Noto CJK face that the stylesheet picks for each language (``:lang()``).
FACES = {
    "zh-hans": "Noto-Sans-CJK-SC",
    "ja": "Noto-Sans-CJK-JP",
    "ko": "Noto-Sans-CJK-KR",
    "th": "Noto-Sans-Thai",
    "en": "Noto-Sans",
}
URL = "/{language}/editions/23-2025/{slug}/"


def translate(page, language, **fields):
    """A published translation of ``page`` into ``language`` with ``fields`` set."""
    locale = Locale.objects.get_or_create(language_code=language)[0]
    copy = page.copy_for_translation(locale, copy_parents=True, alias=False)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    copy.refresh_from_db()
    return copy


def key_messages_fields(language):
    title, sentence = TEXTS[language]
    return {
        "title": title,
        "introduction": f"<p>{sentence}</p>",
        "messages": [("message", {"heading": sentence, "text": "<p>…</p>", "recommendations": []})],
    }


def read_pdf(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def squeeze(text):
    """``text`` with no white space (lines break anywhere in CJK and Thai), in NFKC: Thai
    SARA AM is drawn as NIKHAHIT and SARA AA, and reads back as that decomposition."""
    return unicodedata.normalize("NFKC", "".join(text.split()))


def text_of(reader):
    return squeeze("".join(page.extract_text() for page in reader.pages))


def font_names(reader):
    return {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }


@pytest.fixture
def key_messages(edition):
    return KeyMessagesPageFactory(parent=edition, slug="key-messages", **key_messages_fields("en"))


@pytest.mark.parametrize("language", list(TEXTS))
def test_key_messages_pdf_in_each_language_carries_its_text_title_and_language(
    client, key_messages, language
):
    page = key_messages
    if language != "en":
        page = translate(key_messages, language, **key_messages_fields(language))
    title, sentence = TEXTS[language]

    reader = read_pdf(client.get(URL.format(language=language, slug="key-messages") + "pdf/"))

    assert squeeze(sentence) in text_of(reader)
    assert squeeze(title) in text_of(reader)
    assert reader.metadata.title.startswith(title)
    assert reader.metadata.author == "Asia-Europe Foundation (ASEF)"
    assert reader.trailer["/Root"]["/Lang"] == language
    assert OutputDocument.objects.get(page=page).language == language


@pytest.mark.parametrize("language", ["zh-hans", "ja", "ko", "th", "en"])
def test_each_language_is_set_in_its_own_font(key_messages, language):
    page = key_messages
    if language != "en":
        page = translate(key_messages, language, **key_messages_fields(language))

    reader = PdfReader(io.BytesIO(pdf.pdf_bytes(page)))

    names = font_names(reader)
    assert any(FACES[language] in name for name in names), names
    others = {face for code, face in FACES.items() if code not in {language, "en"}}
    assert not any(face in name for face in others for name in names), names


def test_thai_marks_drawn_as_several_glyphs_are_all_read_back(edition):
    # SARA AM is drawn as NIKHAHIT + SARA AA; with a tone mark, NIKHAHIT is drawn before it.
    page = KeyMessagesPageFactory(parent=edition, slug="key-messages")
    page = translate(page, "th", title="น้ำ ทำ สำนักงาน ผู้ใหญ่ ปี่")

    text = text_of(PdfReader(io.BytesIO(pdf.pdf_bytes(page))))

    assert "ทําสํานักงานผู้ใหญ่ปี่" in text
    assert "น\u0e4d\u0e49\u0e32" in text  # NIKHAHIT, MAI THO, SARA AA: none lost


def test_the_pdf_is_tagged_and_declares_pdf_ua(key_messages):
    reader = PdfReader(io.BytesIO(pdf.pdf_bytes(key_messages)))

    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert b"pdfuaid:part" in catalog["/Metadata"].get_object().get_data()


@pytest.mark.parametrize(
    ("language", "summary"),
    [("en", "Gaps remain at the national level."), ("th", "ยังมีช่องว่างในระดับชาติ")],
)
def test_seminar_report_and_working_group_report_have_pdfs(client, edition, language, summary):
    group = WorkingGroupPageFactory(parent=edition, number=1, slug="wg-1")
    report = WorkingGroupReportPageFactory(
        parent=group,
        slug="report",
        title="Report of Working Group 1",
        summary="<p>Gaps remain at the national level.</p>",
        recommendations=[RecommendationFactory.build(text="Ratify the conventions.")],
    )
    seminar_report = SeminarReportPageFactory(
        parent=edition, slug="seminar-report", summary="<p>Gaps remain at the national level.</p>"
    )
    if language != "en":
        report = translate(report, language, summary=f"<p>{summary}</p>")
        seminar_report = translate(seminar_report, language, summary=f"<p>{summary}</p>")

    for url in (
        URL.format(language=language, slug="wg-1/report") + "pdf/",
        URL.format(language=language, slug="seminar-report") + "pdf/",
    ):
        reader = read_pdf(client.get(url))
        assert squeeze(summary) in text_of(reader), url
        assert reader.trailer["/Root"]["/Lang"] == language
    assert "Ratify" in text_of(PdfReader(io.BytesIO(pdf.pdf_bytes(report))))


def test_the_response_names_the_file_its_length_and_date(client, key_messages):
    response = client.get("/en/editions/23-2025/key-messages/pdf/")

    assert response["Content-Disposition"] == 'inline; filename="key-messages-en.pdf"'
    assert int(response["Content-Length"]) == len(response.content)
    assert response["Last-Modified"].endswith(" GMT")


@pytest.mark.parametrize("who", ["anonymous", "secretary"])
def test_a_draft_has_no_pdf(client, world, edition, who):  # noqa: F811
    login(client, world, who)
    KeyMessagesPageFactory(parent=edition, slug="key-messages", publish=False)

    assert client.get("/en/editions/23-2025/key-messages/pdf/").status_code == 404
    with pytest.raises(pdf.NotLive):
        pdf.pdf_bytes(world["draft"])
    assert not OutputDocument.objects.exists()


def test_a_published_draft_change_is_not_in_the_pdf(client, key_messages):
    key_messages.title = "UNPUBLISHED-DRAFT-TITLE"
    key_messages.save_revision()

    reader = read_pdf(client.get("/en/editions/23-2025/key-messages/pdf/"))

    assert "UNPUBLISHED-DRAFT-TITLE" not in text_of(reader) + str(reader.metadata)


def test_unpublishing_removes_the_pdf(client, key_messages):
    client.get("/en/editions/23-2025/key-messages/pdf/")
    assert OutputDocument.objects.filter(page=key_messages).exists()

    key_messages.unpublish()

    assert client.get("/en/editions/23-2025/key-messages/pdf/").status_code == 404
    assert not OutputDocument.objects.filter(page=key_messages).exists()


def test_unpublishing_deletes_the_stored_file(key_messages, django_capture_on_commit_callbacks):
    pdf.pdf_bytes(key_messages)
    name = OutputDocument.objects.get(page=key_messages).file.name
    assert default_storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        key_messages.unpublish()

    assert not default_storage.exists(name)


def test_a_closed_report_pdf_is_for_its_working_group_only(client, world):  # noqa: F811
    report = WorkingGroupReportPageFactory(
        parent=world["group_b"],
        slug="report",
        title="MARKER-DRAFT-REPORT closed after publication",
        recommendations=[RecommendationFactory.build(text="MARKER-DRAFT-REC closed")],
    )
    access.close_page(report, world["group_b"], world["secretary"])
    url = "/en/editions/23-2025/wg-2/report/pdf/"

    for who in ("anonymous", "member", "translator", "public_editor"):
        client.logout()
        login(client, world, who)
        response = client.get(url)
        assert response.status_code == 404, who
        assert b"MARKER" not in response.content
    login(client, world, "other_member")
    response = client.get(url)
    assert "MARKER-DRAFT-REC" in text_of(read_pdf(response))
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_publishing_renders_a_new_pdf_of_the_new_revision(
    edition, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = KeyMessagesPageFactory(parent=edition, slug="key-messages")
    first = OutputDocument.objects.get(page=page)
    assert first.revision_id == page.live_revision_id
    first_name = first.file.name

    page.title = "Key Messages, revised"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    page.refresh_from_db()

    second = OutputDocument.objects.get(page=page)
    assert second.revision_id == page.live_revision_id != first.revision_id
    assert second.file.name != first_name
    assert not default_storage.exists(first_name)
    with second.file.open("rb") as handle:
        assert "KeyMessages,revised" in text_of(PdfReader(handle))


def test_requests_serve_the_stored_file(client, key_messages, monkeypatch):
    pdf.pdf_bytes(key_messages)
    stored = OutputDocument.objects.get(page=key_messages)

    def no_rendering(page):
        raise AssertionError("rendered again")

    monkeypatch.setattr(pdf, "render_pdf", no_rendering)
    response = client.get("/en/editions/23-2025/key-messages/pdf/")

    with stored.file.open("rb") as handle:
        assert response.content == handle.read()


def test_a_missing_file_is_rendered_again(client, key_messages):
    pdf.pdf_bytes(key_messages)
    default_storage.delete(OutputDocument.objects.get(page=key_messages).file.name)

    reader = read_pdf(client.get("/en/editions/23-2025/key-messages/pdf/"))

    assert "Protecttherightsofmigrantworkers." in text_of(reader)
    assert default_storage.exists(OutputDocument.objects.get(page=key_messages).file.name)


def test_the_page_links_its_pdf_in_its_language(client, key_messages):
    russian = translate(key_messages, "ru", **key_messages_fields("ru"))
    pdf.pdf_bytes(russian)

    html = client.get("/ru/editions/23-2025/key-messages/").content.decode()

    assert (
        '<a class="button" href="/ru/editions/23-2025/key-messages/pdf/" '
        'type="application/pdf" hreflang="ru">'
    ) in html
    with translation.override("ru"):
        size = filesizeformat(OutputDocument.objects.get(page=russian).size)
    assert size in html.split('hreflang="ru">', 1)[1].split("</p>", 1)[0]


def test_a_seminar_report_keeps_its_original_document(client, edition):
    document = get_document_model().objects.create(
        title="Original report",
        file=ContentFile(b"%PDF-1.4 original", name="original.pdf"),
        collection=Collection.get_first_root_node(),
    )
    SeminarReportPageFactory(parent=edition, slug="seminar-report", document=document)

    html = client.get("/en/editions/23-2025/seminar-report/").content.decode()

    assert f'href="{document.url}"' in html
    assert 'href="/en/editions/23-2025/seminar-report/pdf/" type="application/pdf"' in html


def test_publishing_succeeds_when_the_pdf_cannot_be_rendered(
    client, edition, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(page):
        raise OSError("no fonts")

    monkeypatch.setattr(pdf, "render_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        page = KeyMessagesPageFactory(parent=edition, slug="key-messages")
    assert page.live and not OutputDocument.objects.exists()
    monkeypatch.undo()

    read_pdf(client.get("/en/editions/23-2025/key-messages/pdf/"))
    assert OutputDocument.objects.get(page=page).revision_id == page.live_revision_id
