"""Rendering the output PDFs against rendering the same pages as HTML.

Builds the sample content of one edition (``outputs.sample``) in a throwaway SQLite
database, translates its Key Messages and Seminar Report into English, Russian, Mongolian,
Chinese, Japanese, Korean, Thai and Vietnamese (sample sentences in each script), and
prints, per page and language, the median time to render the PDF (``outputs.pdf.render_pdf``,
WeasyPrint, not the stored file) next to the median time to answer the page's HTML
(Django's test client, through every middleware), and their ratio.

    python bench/pdf.py
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = tempfile.mkdtemp(prefix="bench-pdf-")
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

RUNS = 5
EDITION = 23
# A title and a sentence per language: sample text, so that each script's fonts are used.
SAMPLE = {
    "en": ("Key Messages (sample)", "Sample content: protect the rights of migrant workers."),
    "ru": ("Ключевые послания (образец)", "Образец: защищать права трудящихся-мигрантов."),
    "mn": ("Гол санаанууд (жишээ)", "Жишээ: хүний эрхийн үндэсний байгууллагуудыг бэхжүүлэх."),
    "zh-hans": ("关键信息（示例）", "示例内容：保护移徙工人的权利。"),
    "ja": ("主要メッセージ（サンプル）", "サンプル：移住労働者の権利を保護する。"),
    "ko": ("핵심 메시지 (샘플)", "샘플: 이주 노동자의 권리를 보호한다."),
    "th": ("สาระสำคัญ (ตัวอย่าง)", "ตัวอย่าง: คุ้มครองสิทธิของแรงงานข้ามชาติ"),
    "vi": ("Thông điệp chính (mẫu)", "Mẫu: bảo vệ quyền của người lao động di cư."),
}


def setup_django():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build():
    """The edition's sample pages; the Key Messages and Seminar Report in every language."""
    from wagtail.models import Locale

    from outputs.models import KeyMessagesPage, SeminarReportPage
    from outputs.sample import build_sample_content
    from seminar_pages.factories import EditionPageFactory
    from tests.utils import make_site_tree

    _series, index = make_site_tree()
    EditionPageFactory(parent=index, number=EDITION, year=2025, slug=f"{EDITION}-2025")
    build_sample_content((EDITION,))
    sources = [KeyMessagesPage.objects.get(), SeminarReportPage.objects.get()]
    pages = {source: {"en": source} for source in sources}
    for language, (title, sentence) in SAMPLE.items():
        if language == "en":
            continue
        locale = Locale.objects.get_or_create(language_code=language)[0]
        for source in sources:
            copy = source.copy_for_translation(locale, copy_parents=True, alias=False)
            copy.title = title
            paragraphs = "".join(f"<p>{sentence}</p>" for _ in range(6))
            if isinstance(copy, KeyMessagesPage):
                copy.introduction = paragraphs
                copy.messages = [
                    ("message", {**dict(message.value), "heading": sentence, "text": paragraphs})
                    for message in copy.messages
                ]
            else:
                copy.summary = paragraphs
                copy.body = [("paragraph", paragraphs)]
            copy.save_revision().publish()
            pages[source][language] = type(copy).objects.get(pk=copy.pk)
    return pages


def median_seconds(function):
    function()  # the first call loads fonts and templates
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main():
    setup_django()
    from django.test import Client

    from outputs import pdf

    started = time.perf_counter()
    pages = build()
    elapsed = time.perf_counter() - started
    print(f"sample content in {len(SAMPLE)} languages ready in {elapsed:.0f} s")
    client = Client()
    print(f"median of {RUNS} runs: PDF (WeasyPrint) vs HTML (test client)")
    print(f"  {'page':<16} {'language':<8} {'PDF ms':>8} {'HTML ms':>8} {'ratio':>7} {'KiB':>6}")
    for languages in pages.values():
        for language, page in languages.items():
            url = page.get_url()

            def html(url=url):
                response = client.get(url)
                if response.status_code != 200:
                    sys.exit(f"{url} answered {response.status_code}")

            size = len(pdf.render_pdf(page)) / 1024
            pdf_time = median_seconds(lambda page=page: pdf.render_pdf(page))
            html_time = median_seconds(html)
            print(
                f"  {type(page).__name__.removesuffix('Page'):<16} {language:<8} "
                f"{pdf_time * 1000:>8.0f} {html_time * 1000:>8.1f} "
                f"{pdf_time / html_time:>6.1f}x {size:>6.0f}"
            )


if __name__ == "__main__":
    main()
