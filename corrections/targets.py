"""What a correction can put right: a field of an article or an issue, or a name or caption in
one of their rows (a byline, a photo credit, the masthead).

Each target says where its text lives and how the published notice names the place; the
service (services.py) finds the wrong text there and writes the right one through the
article's or the issue's own write service.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Target(models.TextChoices):
    """The place a correction changes, as `<owner>.<field>` or `<owner>.<rows>.<field>`."""

    TITLE = "article.title", _("title")
    KICKER = "article.kicker", _("kicker")
    TOC_TITLE = "article.toc_title", _("title in the table of contents")
    SUBTITLE = "article.subtitle", _("subtitle")
    DATELINE = "article.dateline", _("dateline")
    BODY = "article.body", _("body")
    SOURCE_ORG = "article.source_org", _("source organisation")
    REPRINTED_FROM = "article.reprinted_from", _("reprinted from")
    RESPONSIBLE_EDITOR = "article.responsible_editor_name", _("responsible editor as printed")
    BYLINE_NAME = "article.authorships.credited_name", _("a name in the byline")
    BYLINE_AFFILIATION = "article.authorships.affiliation", _("an author's affiliation")
    PHOTO_CAPTION = "article.photo_credits.caption", _("a photo caption")
    PHOTO_CREDIT = "article.photo_credits.credited_name", _("a photographer's name")
    COVER_CAPTION = "issue.cover_caption", _("cover caption")
    HIGHLIGHTS_HEADING = "issue.highlights_heading", _("highlights heading")
    SUPERVISOR = "issue.supervisor", _("supervising body")
    SPONSOR = "issue.sponsor", _("sponsoring body")
    PUBLISHER = "issue.publisher", _("publisher")
    ADDRESS = "issue.address", _("address")
    PHONE = "issue.phone", _("phone")
    PRINTER = "issue.printer", _("printer")
    MASTHEAD_NAME = "issue.masthead_entries.credited_name", _("a name in the masthead")


# How the published notice names the place: 本文标题“…”应为“…”; always Chinese, like the print.
NOTICE_PLACES = {
    Target.TITLE: "标题",
    Target.KICKER: "引题",
    Target.TOC_TITLE: "目录标题",
    Target.SUBTITLE: "副标题",
    Target.DATELINE: "电头",
    Target.BODY: "正文",
    Target.SOURCE_ORG: "供稿单位",
    Target.REPRINTED_FROM: "摘自",
    Target.RESPONSIBLE_EDITOR: "责任编辑",
    Target.BYLINE_NAME: "作者署名",
    Target.BYLINE_AFFILIATION: "作者单位",
    Target.PHOTO_CAPTION: "图片说明",
    Target.PHOTO_CREDIT: "图片署名",
    Target.COVER_CAPTION: "封面说明",
    Target.HIGHLIGHTS_HEADING: "本期看点标题",
    Target.SUPERVISOR: "版权页主管单位",
    Target.SPONSOR: "版权页主办单位",
    Target.PUBLISHER: "版权页出版单位",
    Target.ADDRESS: "版权页地址",
    Target.PHONE: "版权页电话",
    Target.PRINTER: "版权页印刷装订单位",
    Target.MASTHEAD_NAME: "版权页署名",
}


@dataclass(frozen=True)
class Place:
    """Where a target's text lives: on the article or the issue, in a field of its own row
    (`rows` empty) or of one of its related rows (`rows`: the related name)."""

    on_article: bool
    rows: str
    field: str


def place_of(target: str) -> Place:
    owner, *path = target.split(".")
    rows, field = (path[0], path[1]) if len(path) == 2 else ("", path[0])
    return Place(on_article=owner == "article", rows=rows, field=field)


def notice_text(*, target: str, wrong_text: str, right_text: str, paragraph: int | None) -> str:
    """The published notice: 本文第2段“…”应为“…”，特此更正。 (本期… for the issue's own text)."""
    place = NOTICE_PLACES[Target(target)]
    if target == Target.BODY and paragraph is not None:
        place = f"第{paragraph}段"
    whose = "本文" if place_of(target).on_article else "本期"
    return f"{whose}{place}“{wrong_text}”应为“{right_text}”，特此更正。"
