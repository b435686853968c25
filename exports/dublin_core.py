"""Dublin Core (oai_dc) records of articles in an OAI-PMH ListRecords document.

Libraries and aggregators harvest oai_dc over OAI-PMH 2.0; the export is a ListRecords response
that they can read as is. Written record by record with lxml's incremental writer.
"""

import datetime
import io
from collections.abc import Iterable, Iterator
from contextlib import ExitStack

from django.conf import settings
from django.utils import timezone
from lxml import etree

from issues.models import Issue

from .reading import read_issue

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
OAI_SCHEMA = f"{OAI} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
OAI_DC_SCHEMA = f"{OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd"


def repository_identifier() -> str:
    """The repository's domain in OAI identifiers (oai:<domain>:article/12): the setting
    OAI_REPOSITORY_IDENTIFIER, else the first named host the site serves."""
    configured = settings.OAI_REPOSITORY_IDENTIFIER
    if configured:
        return configured
    hosts = [h.lstrip(".") for h in settings.ALLOWED_HOSTS if h not in ("*", "")]
    named = [h for h in hosts if not h.replace(".", "").isdigit()]
    return (named or ["localhost"])[0]


def oai_identifier(article_id: int) -> str:
    return f"oai:{repository_identifier()}:article/{article_id}"


def datestamp(moment) -> str:
    """An OAI datestamp at the granularity of seconds, in UTC."""
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def issue_citation(issue: Issue, pages: str = "") -> str:
    """《党员之友》2025年第3期（总第344期）第11-13页 ISSN 2096-7462."""
    periodical = issue.periodical
    text = f"{periodical}{issue.label}"
    if issue.cumulative_number:
        text += f"（总第{issue.cumulative_number}期）"
    if pages:
        text += f"第{pages}页"
    if periodical.issn:
        text += f" ISSN {periodical.issn}"
    return text


def _add(parent, name: str, text) -> None:
    if text not in (None, ""):
        etree.SubElement(parent, f"{{{DC}}}{name}").text = str(text)


def article_record(article, issue: Issue, *, base_url: str = "") -> etree._Element:
    """The OAI-PMH record of one article: header and oai_dc metadata."""
    record = etree.Element(f"{{{OAI}}}record", nsmap={None: OAI})
    header = etree.SubElement(record, f"{{{OAI}}}header")
    etree.SubElement(header, f"{{{OAI}}}identifier").text = oai_identifier(article.pk)
    etree.SubElement(header, f"{{{OAI}}}datestamp").text = datestamp(article.updated_at)
    etree.SubElement(header, f"{{{OAI}}}setSpec").text = issue.periodical.slug
    metadata = etree.SubElement(record, f"{{{OAI}}}metadata")
    dc = etree.SubElement(
        metadata,
        f"{{{OAI_DC}}}dc",
        nsmap={"oai_dc": OAI_DC, "dc": DC, "xsi": XSI},
        attrib={f"{{{XSI}}}schemaLocation": OAI_DC_SCHEMA},
    )
    title = article.title or str(article)
    _add(dc, "title", f"{title}——{article.subtitle}" if article.subtitle else title)
    for authorship in article.authorships.all():
        _add(dc, "creator", authorship.credited_name)
    _add(dc, "subject", article.column.name if article.column else "")
    _add(dc, "publisher", issue.publisher or issue.periodical.name)
    _add(dc, "contributor", article.responsible_editor_name)
    for photo in article.photo_credits.all():
        _add(dc, "contributor", photo.credited_name)
    date = issue.publication_date
    _add(dc, "date", date.isoformat() if date else issue.year)
    _add(dc, "type", "Text")
    _add(dc, "format", "print")
    _add(dc, "identifier", oai_identifier(article.pk))
    if base_url:
        _add(dc, "identifier", f"{base_url.rstrip('/')}/api/v1/articles/{article.pk}/")
    _add(dc, "source", issue_citation(issue, article.pages))
    _add(dc, "source", article.reprinted_from)
    _add(dc, "language", "zh")
    return record


def _element(name: str, text: str = "", **attrib) -> etree._Element:
    element = etree.Element(f"{{{OAI}}}{name}", attrib=attrib, nsmap={None: OAI})
    element.text = text
    return element


def oai_dc_chunks(issues: Iterable[Issue], *, base_url: str = "") -> Iterator[bytes]:
    """A ListRecords response with one oai_dc record per article, as UTF-8 chunks.

    With no article at all it is the protocol's answer to an empty list: noRecordsMatch.
    """
    buffer = io.BytesIO()

    def take() -> bytes:
        chunk = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return chunk

    with etree.xmlfile(buffer, encoding="utf-8") as xml:
        xml.write_declaration()
        root = xml.element(
            f"{{{OAI}}}OAI-PMH",
            nsmap={None: OAI, "xsi": XSI},
            attrib={f"{{{XSI}}}schemaLocation": OAI_SCHEMA},
        )
        with root, ExitStack() as list_records:
            xml.write(_element("responseDate", datestamp(timezone.now())))
            xml.write(_element("request", base_url, verb="ListRecords", metadataPrefix="oai_dc"))
            opened = False
            for issue in issues:
                for article in read_issue(issue).articles:
                    if not opened:
                        list_records.enter_context(xml.element(f"{{{OAI}}}ListRecords"))
                        opened = True
                    xml.write(article_record(article, issue, base_url=base_url))
                xml.flush()
                yield take()
            if not opened:
                xml.write(_element("error", "No issue or article matches.", code="noRecordsMatch"))
    yield take()
