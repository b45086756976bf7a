import io
import socket

import pytest
from pypdf import PdfReader

from core import pdf

STATIC = pdf.BASE_URL + "static/"


def test_fetcher_serves_static_files_from_disk():
    fetcher = pdf.StaticFilesFetcher()
    css = fetcher(STATIC + "css/pdf.css")
    assert css.content_type == "text/css"
    assert b"@font-face" in css.read()
    font = fetcher(STATIC + "fonts/source-sans-3-latin-400-normal.woff")
    assert font.content_type == "font/woff"
    assert font.read()[:4] == b"wOFF"


def test_fetcher_serves_data_urls():
    assert pdf.StaticFilesFetcher()("data:text/plain,hallo").read() == b"hallo"


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/tracker.png",
        "http://example.com/static/css/pdf.css",
        "http://wat-helpt.invalid/static/css/pdf.css",  # right host, wrong scheme
        "https://elders.example/static/css/pdf.css",
        "https://wat-helpt.invalid/leerlingen/1/",  # not a static file
        "https://wat-helpt.invalid/static/../config/settings.py",
        "https://wat-helpt.invalid/static/%2e%2e/%2e%2e/etc/passwd",
        "https://wat-helpt.invalid/static/css/bestaat-niet.css",
        "file:///etc/passwd",
        "ftp://example.com/x",
    ],
)
def test_fetcher_refuses_everything_else(url):
    with pytest.raises(ValueError):
        pdf.StaticFilesFetcher()(url)


@pytest.fixture
def template_dir(tmp_path, settings):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    return tmp_path


@pytest.fixture
def no_network(monkeypatch):
    attempts = []

    def refuse(self, address):
        attempts.append(address)
        raise OSError("no network in PDF rendering")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda address, *a, **k: refuse(None, address))
    return attempts


def test_render_pdf_uses_the_vendored_font_and_never_the_network(template_dir, no_network):
    (template_dir / "probe.html").write_text(
        "{% load static %}<html><head><link rel='stylesheet' href='{% static \"css/pdf.css\" %}'>"
        "<link rel='stylesheet' href='https://cdn.example.com/evil.css'></head>"
        "<body><h1>{{ title }}</h1><p>Zoë, één, ‘aanhalingstekens’</p>"
        "<img src='https://example.com/tracker.png' alt=''><img src='file:///etc/hostname' alt=''></body></html>",
        encoding="utf-8",
    )
    document = pdf.render_pdf("probe.html", {"title": "Proefdocument"})
    assert document.startswith(b"%PDF")
    assert no_network == []
    reader = PdfReader(io.BytesIO(document))
    assert "Proefdocument" in reader.pages[0].extract_text()
    fonts = {str(f.get_object()["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()}
    assert fonts and all("Source-Sans-3" in name for name in fonts), fonts


def test_pdf_response_downloads_with_the_filename():
    response = pdf.pdf_response(b"%PDF-1.7 test", "dossier-sam-zes-2026-11-25.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="dossier-sam-zes-2026-11-25.pdf"'
    assert response.content == b"%PDF-1.7 test"
