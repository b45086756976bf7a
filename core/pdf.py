"""PDFs from ordinary Django templates with WeasyPrint, without ever touching the network.

    pdf = render_pdf("pupils/dossier_pdf.html", context, request=request)
    return pdf_response(pdf, "dossier-sam-zes-2026-11-25.pdf")

Templates link their assets with ``{% static %}``. Relative URLs resolve against
``BASE_URL``, an address that exists nowhere; ``StaticFilesFetcher`` answers
``BASE_URL/static/...`` from the static files on disk (the same finders as
``collectstatic``, then ``STATIC_ROOT``) and ``data:`` URLs, and refuses every
other URL, so a stray link in user content can neither reach the network nor
read a file outside the static folders.

Print documents use ``static/css/pdf.css`` (small on purpose: WeasyPrint is slow
on heavy stylesheets such as Bootstrap) and the fonts in ``static/fonts``. To
print many documents at once, render one template that holds them all (one
render, fonts embedded and subset once) rather than gluing PDFs together.

Every PDF is tagged (PDF/UA-1, ``PDF_OPTIONS``) so that a screen reader can read it:
WeasyPrint builds the structure tree from the HTML, so a print template needs a
``<title>`` (the document title), ``<html lang="{{ LANGUAGE_CODE }}">`` (the
document language: the language the labels are printed in), headings in order,
``<th scope>`` for table headers and ``alt`` on images (``<title>`` in an SVG).
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils._os import safe_join
from django.utils.http import content_disposition_header

try:  # Recent WeasyPrint (70 here): fetchers are URLFetcher objects returning URLFetcherResponse.
    from weasyprint.urls import URLFetcher, URLFetcherResponse
except ImportError:  # pragma: no cover - older WeasyPrint (pyproject allows >=62): a callable returning a dict.
    URLFetcher, URLFetcherResponse = object, None

BASE_URL = "https://wat-helpt.invalid/"
FONT_TYPES = {".woff": "font/woff", ".woff2": "font/woff2", ".ttf": "font/ttf", ".otf": "font/otf"}
_BASE = urlsplit(BASE_URL)
# PDF/UA-1: a structure tree (tagged PDF), /MarkInfo, the title shown instead of the file name, and
# the UA identifier in the XMP metadata. Tagging costs little; see docs/performance.md.
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}


class RefusedURL(ValueError):
    """A PDF asked for a URL outside the static files."""


def static_path(url):
    """The file on disk that ``url`` (under BASE_URL + STATIC_URL) stands for, or RefusedURL."""
    parts = urlsplit(url)
    static_prefix = urlsplit(settings.STATIC_URL).path or "/static/"
    if (parts.scheme, parts.netloc) != (_BASE.scheme, _BASE.netloc) or not parts.path.startswith(static_prefix):
        raise RefusedURL(f"PDF rendering does not fetch {url!r}: only static files are served.")
    relative = unquote(parts.path[len(static_prefix) :])
    try:
        found = finders.find(relative)
        if not found and settings.STATIC_ROOT:
            candidate = Path(safe_join(settings.STATIC_ROOT, relative))
            found = str(candidate) if candidate.is_file() else None
    except SuspiciousFileOperation as error:
        raise RefusedURL(f"PDF rendering does not fetch {url!r}.") from error
    if not found:
        raise RefusedURL(f"No static file for {url!r}.")
    return Path(found)


class StaticFilesFetcher(URLFetcher):
    """WeasyPrint URL fetcher for static files and data: URLs; refuses everything else."""

    def __init__(self):
        if URLFetcher is not object:
            # Only the data: handler of the base class is ever used (see fetch).
            super().__init__(allowed_protocols=("data",))

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            if URLFetcher is object:  # pragma: no cover
                from weasyprint import default_url_fetcher

                return default_url_fetcher(url)
            return super().fetch(url, headers)
        path = static_path(url)
        body = path.read_bytes()
        mime_type = FONT_TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if URLFetcherResponse is None:  # pragma: no cover
            return {"string": body, "mime_type": mime_type, "redirected_url": url}
        return URLFetcherResponse(url, body, {"Content-Type": mime_type})

    def __call__(self, url):
        return self.fetch(url)

    def open(self, url, data=None, timeout=None):  # never let urllib's machinery be used directly
        return self.fetch(getattr(url, "full_url", url))


def render_pdf(template_name, context, *, request=None):
    """Render ``template_name`` with ``context`` to PDF bytes."""
    from weasyprint import HTML  # imported here: loading WeasyPrint costs ~0.3 s and most requests need no PDF

    html = render_to_string(template_name, context, request=request)
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesFetcher()).write_pdf(**PDF_OPTIONS)


def pdf_response(pdf, filename):
    """An HttpResponse that downloads ``pdf`` as ``filename``."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response
