"""What an import could not place: every item an editor has to look at before publishing.

The importer never drops what it reads. A line, mark or name it cannot attach to its place
becomes a ReportItem, shown in the admin and written by `import_issue --report`.
"""

from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext_lazy as _


class Kind:
    """The kinds of report item; the labels are what an editor reads."""

    MISSING_FACT = "missing_fact"
    TOC_ENTRY_WITHOUT_ARTICLE = "toc_entry_without_article"
    ARTICLE_NOT_IN_TOC = "article_not_in_toc"
    TITLE_DIFFERS = "title_differs"
    EDITOR_MARK_UNPLACED = "editor_mark_unplaced"
    ARTICLE_WITHOUT_EDITOR = "article_without_editor"
    CREDIT_UNPLACED = "credit_unplaced"
    CREDIT_WITHOUT_PHOTOGRAPHER = "credit_without_photographer"
    PHOTO_PLACED = "photo_placed"
    TEXT_AFTER_END = "text_after_end"
    BYLINE_NOT_IN_TOC = "byline_not_in_toc"
    NEW_CONTRIBUTOR = "new_contributor"
    CAPTION_UNCERTAIN = "caption_uncertain"
    LABEL_IN_TEXT = "label_in_text"
    HIGHLIGHT_UNPLACED = "highlight_unplaced"
    NAME_NEAR_MATCH = "name_near_match"
    NAMESAKES = "namesakes"
    UNPLACED_TEXT = "unplaced_text"
    NOTICE = "notice"
    QR_PROMPT = "qr_prompt"
    ADVERT = "advert"
    PHOTO_PAGE = "photo_page"
    ARTICLE_CREATED = "article_created"
    ARTICLE_DELETED = "article_deleted"
    ARTICLE_MATCHED = "article_matched"

    LABELS = {
        MISSING_FACT: _("fact not found"),
        TOC_ENTRY_WITHOUT_ARTICLE: _("table-of-contents entry with no article in the body"),
        ARTICLE_NOT_IN_TOC: _("article not listed in the table of contents"),
        TITLE_DIFFERS: _("title differs between the table of contents and the body"),
        EDITOR_MARK_UNPLACED: _("responsible-editor mark not attached to an article"),
        ARTICLE_WITHOUT_EDITOR: _("article without a responsible-editor mark"),
        CREDIT_UNPLACED: _("photo credit not attached to an article"),
        CREDIT_WITHOUT_PHOTOGRAPHER: _("photo credit without a photographer"),
        PHOTO_PLACED: _("photo placed by its caption"),
        TEXT_AFTER_END: _("text after the closing mark"),
        BYLINE_NOT_IN_TOC: _("byline not in the table of contents"),
        NEW_CONTRIBUTOR: _("new contributor"),
        CAPTION_UNCERTAIN: _("caption uncertain"),
        LABEL_IN_TEXT: _("label kept in the text"),
        HIGHLIGHT_UNPLACED: _("highlight entry with no article"),
        NAME_NEAR_MATCH: _("name one character off a known contributor"),
        NAMESAKES: _("several contributors with this name"),
        UNPLACED_TEXT: _("text not placed"),
        NOTICE: _("notice of the publisher, not an article"),
        QR_PROMPT: _("QR-code prompt, not an article"),
        ADVERT: _("advert or poster, not an article"),
        PHOTO_PAGE: _("photo page without a headline, not an article"),
        ARTICLE_CREATED: _("re-import: article created"),
        ARTICLE_DELETED: _("re-import: article deleted"),
        ARTICLE_MATCHED: _("re-import: article found again, moved or retitled"),
    }


@dataclass
class ReportItem:
    kind: str
    message: str
    line: int | None = None  # 1-based line of the imported text
    text: str = ""  # what the text prints there
    article: str = ""  # the article it concerns: "p.25 社区“小食堂”撬动居民“大民生”"

    @property
    def label(self) -> str:
        return str(Kind.LABELS.get(self.kind, self.kind))


@dataclass
class ImportReport:
    items: list[ReportItem] = field(default_factory=list)

    def add(self, kind: str, message, *, line=None, text="", article="") -> None:
        self.items.append(
            ReportItem(kind=kind, message=str(message), line=line, text=text, article=article)
        )

    def __len__(self) -> int:
        return len(self.items)

    def as_json(self) -> list[dict]:
        return [asdict(item) for item in self.items]

    @classmethod
    def from_json(cls, data: list[dict]) -> "ImportReport":
        return cls(items=[ReportItem(**item) for item in data or []])

    def as_text(self) -> str:
        """One line per item, as `--report` writes it: `line 29 [kind] message: text`."""
        lines = []
        for item in self.items:
            where = f"{item.line}" if item.line else "-"
            parts = [f"{where}\t{item.label}\t{item.message}"]
            if item.article:
                parts.append(item.article)
            if item.text:
                parts.append(item.text)
            lines.append("\t".join(parts))
        return "\n".join(lines) + ("\n" if lines else "")
