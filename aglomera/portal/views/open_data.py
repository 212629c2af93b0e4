"""Open data: the catalogue page, the files at stable addresses, the DCAT-AP catalogue (Turtle,
written here without an RDF library) and the portal's sitemap."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.xmlutils import SimplerXMLGenerator

from aglomera.cooperation.queries import public_cards
from aglomera.core.i18n import as_i18n
from aglomera.portal.access import PortalRequest, portal_view
from aglomera.portal.models import PublicProject
from aglomera.portal.queries.calls import public_calls
from aglomera.portal.queries.committee import public_meetings
from aglomera.portal.queries.news import public_news
from aglomera.portal.queries.open_data import (
    DATASETS,
    EU_FILE_TYPES,
    LICENCE,
    LICENCE_URL,
    MEDIA_TYPES,
    dataset_file,
    formats_of,
)


def _reverse(request: PortalRequest, name: str, **kwargs: object) -> str:
    if getattr(request, "portal_host", None) is None:
        kwargs["slug"] = request.portal.slug
    return reverse(f"portal:{name}", kwargs=kwargs)


def _file_url(request: PortalRequest, key: str, fmt: str) -> str:
    return _reverse(request, "open_data_file", dataset=key, fmt=fmt)


@portal_view
def catalogue(request: PortalRequest) -> HttpResponse:
    datasets = [
        {
            "dataset": dataset,
            "files": [(fmt.upper(), _file_url(request, key, fmt)) for fmt in dataset.formats],
        }
        for key, dataset in DATASETS.items()
    ]
    return render(
        request,
        "portal/open_data.html",
        {
            "datasets": datasets,
            "licence": LICENCE,
            "licence_url": LICENCE_URL,
            "dcat_url": _reverse(request, "open_data_dcat"),
            "section": "open_data",
        },
    )


@portal_view
def download(request: PortalRequest, dataset: str, fmt: str) -> HttpResponse:
    if fmt not in formats_of(dataset):
        raise Http404
    content = dataset_file(request.portal, dataset, fmt)
    filename = f"{request.portal.slug}-{dataset}.{fmt}"
    media = MEDIA_TYPES[fmt]
    return HttpResponse(
        content,
        content_type=f"{media}; charset=utf-8" if fmt != "xlsx" else media,
        headers={
            "Content-Disposition": f'inline; filename="{filename}"',
            "Link": f'<{LICENCE_URL}>; rel="license"',
        },
    )


def _literal(text: str) -> str:
    """A Turtle string literal."""
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )
    return f'"{escaped}"'


def _iri(url: str) -> str:
    return "<" + "".join(ch for ch in url if ch not in '<>"{}|^`\\ ') + ">"


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


@portal_view
def dcat(request: PortalRequest) -> HttpResponse:
    """The catalogue of the portal's data sets in DCAT-AP (Turtle)."""
    agglomeration = request.portal
    absolute = request.build_absolute_uri
    today = timezone.localdate().isoformat()
    name = as_i18n(agglomeration.name)
    office = as_i18n(agglomeration.office_name)
    publisher = absolute(_reverse(request, "home"))
    catalogue_url = absolute(_reverse(request, "open_data"))
    lines = [
        "@prefix dcat: <http://www.w3.org/ns/dcat#> .",
        "@prefix dct: <http://purl.org/dc/terms/> .",
        "@prefix foaf: <http://xmlns.com/foaf/0.1/> .",
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
        "",
        f"{_iri(catalogue_url)} a dcat:Catalog ;",
        *[
            f"    dct:title {_literal(f'Open data: {name.localized(code)}')}@{code} ;"
            for code in _languages()
        ],
        *[
            f"    dct:description {_literal(office.localized(code))}@{code} ;"
            for code in _languages()
        ],
        f"    dct:publisher {_iri(publisher)} ;",
        f"    dct:license {_iri(LICENCE_URL)} ;",
        f'    dct:modified "{today}"^^xsd:date ;',
        f"    foaf:homepage {_iri(catalogue_url)} ;",
        "    dcat:dataset " + ", ".join(_iri(f"{catalogue_url}#{key}") for key in DATASETS) + " .",
        "",
        f"{_iri(publisher)} a foaf:Agent ;",
        *[f"    foaf:name {_literal(office.localized(code))}@{code} ;" for code in _languages()],
        "    .",
        "",
    ]
    for key, dataset in DATASETS.items():
        files = [(fmt, absolute(_file_url(request, key, fmt))) for fmt in dataset.formats]
        lines += [
            f"{_iri(f'{catalogue_url}#{key}')} a dcat:Dataset ;",
            *[f"    dct:title {_literal(dataset.titles[code])}@{code} ;" for code in _languages()],
            *[
                f"    dct:description {_literal(dataset.descriptions[code])}@{code} ;"
                for code in _languages()
            ],
            f"    dct:publisher {_iri(publisher)} ;",
            f"    dct:license {_iri(LICENCE_URL)} ;",
            f'    dct:modified "{today}"^^xsd:date ;',
            f"    dcat:landingPage {_iri(catalogue_url)} ;",
            "    dcat:distribution "
            + ", ".join(_iri(f"{url}#distribution") for _fmt, url in files)
            + " .",
            "",
        ]
        for fmt, url in files:
            title = _literal(f"{dataset.titles['en']} ({fmt.upper()})")
            media = f"https://www.iana.org/assignments/media-types/{MEDIA_TYPES[fmt]}"
            lines += [
                f"{_iri(f'{url}#distribution')} a dcat:Distribution ;",
                f"    dct:title {title}@en ;",
                f"    dcat:accessURL {_iri(url)} ;",
                f"    dcat:downloadURL {_iri(url)} ;",
                "    dct:format <http://publications.europa.eu/resource/authority/file-type/"
                f"{EU_FILE_TYPES[fmt]}> ;",
                f"    dcat:mediaType {_iri(media)} ;",
                f"    dct:license {_iri(LICENCE_URL)} ;",
                f'    dct:modified "{today}"^^xsd:date .',
                "",
            ]
    return HttpResponse("\n".join(lines), content_type="text/turtle; charset=utf-8")


# Every section page of the portal; the projects' own pages follow them.
SITEMAP_SECTIONS = (
    "home",
    "news",
    "calls",
    "projects",
    "good_practice_list",
    "strategy",
    "committee",
    "documents",
    "municipalities",
    "open_data",
    "contacts",
    "accessibility",
    "privacy",
    "cookies",
)


def _sitemap_pages(request: PortalRequest) -> Iterable[tuple[str, dict[str, object]]]:
    """The sections, then every public news item, call, meeting, project and good-practice card
    (5 queries)."""
    for name in SITEMAP_SECTIONS:
        yield name, {}
    agglomeration = request.portal
    for name, items in (
        ("news_detail", public_news(agglomeration, timezone.now())),
        ("call", public_calls(agglomeration)),
    ):
        for pk in items.order_by("pk").values_list("pk", flat=True):
            yield name, {"pk": pk}
    for meeting in sorted(public_meetings(agglomeration), key=lambda meeting: meeting.pk):
        yield "committee_meeting", {"pk": meeting.pk}
    for pk in (
        PublicProject.objects.filter(agglomeration=request.portal)
        .order_by("intention_id")
        .values_list("intention_id", flat=True)
    ):
        yield "project", {"pk": pk}
    for card in public_cards(agglomeration):
        yield "good_practice", {"pk": card.pk}


def _sitemap_urls(request: PortalRequest) -> Iterable[tuple[str, list[tuple[str, str]]]]:
    """Each page's address in the address's language, with its address in every language
    (the hreflang alternates, the page itself included, as Google asks)."""
    for name, kwargs in _sitemap_pages(request):
        alternates = []
        for code in _languages():
            with translation.override(code):
                alternates.append(
                    (code, request.build_absolute_uri(_reverse(request, name, **kwargs)))
                )
        yield request.build_absolute_uri(_reverse(request, name, **kwargs)), alternates


SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


@portal_view
def sitemap(request: PortalRequest) -> HttpResponse:
    """The portal's pages in the language of the address (sitemaps.org protocol), each with
    its cs/pl/en alternates (`xhtml:link rel="alternate" hreflang`)."""
    response = HttpResponse(content_type="application/xml; charset=utf-8")
    xml = SimplerXMLGenerator(response, "utf-8", short_empty_elements=True)
    xml.startDocument()
    xml.startElement("urlset", {"xmlns": SITEMAP_NS, "xmlns:xhtml": XHTML_NS})  # type: ignore[arg-type]
    for url, alternates in _sitemap_urls(request):
        xml.startElement("url", {})  # type: ignore[arg-type]
        xml.addQuickElement("loc", url)
        for code, alternate in alternates:
            xml.addQuickElement(
                "xhtml:link", attrs={"rel": "alternate", "hreflang": code, "href": alternate}
            )
        xml.endElement("url")
    xml.endElement("urlset")
    xml.endDocument()
    return response
