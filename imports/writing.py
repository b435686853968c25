"""Writing an imported document as a draft issue, through the seed loader's code."""

from pathlib import Path

from contributors.models import Contributor, normalise_name
from issues.models import Issue
from periodical.models import Periodical
from periodical.seed import SeedLoader

from .people import Resolution


class ImportLoader(SeedLoader):
    """The seed loader with the importer's rules: people as resolved, the periodical left as
    it is, and an existing draft updated in place (its id, and so its links, kept)."""

    def __init__(
        self, document: dict, *, periodical: Periodical, resolution: Resolution, draft: Issue | None
    ):
        super().__init__(Path("import"), document)
        self.periodical = periodical
        self.resolution = resolution
        self.draft = draft
        self.created: dict[str, Contributor] = {}

    def write(self) -> Issue:
        columns = self._columns(self.periodical, self.document.get("columns") or [])
        issue_data = self.document["issue"]
        issue = self._draft(issue_data) if self.draft else self._issue(self.periodical, issue_data)
        self._contents(issue, columns)
        return issue

    def _draft(self, data: dict) -> Issue:
        """The existing draft, emptied of what the last import wrote and given the new facts."""
        issue = self.draft
        issue.articles.all().delete()
        issue.masthead_entries.all().delete()
        issue.photo_credits.all().delete()
        issue.highlights.all().delete()
        issue.cumulative_number = data.get("cumulative_number")
        issue.publication_date = data.get("publication_date")
        issue.cover_caption = data.get("cover_caption") or ""
        issue.highlights_heading = (data.get("highlights") or {}).get("heading") or ""
        for name, value in (data.get("facts") or {}).items():
            setattr(issue, name, value)
        issue.full_clean()
        issue.save()
        return issue

    def _contributor(self, name: str) -> Contributor:
        name = normalise_name(name)
        if name in self.resolution.existing:
            return self.resolution.existing[name]
        if name not in self.created:
            kind = self.resolution.new.get(name, Contributor.Kind.PERSON)
            self.created[name] = Contributor.objects.create(name=name, kind=kind)
        return self.created[name]
