"""The body of a print issue: where each article starts and ends, and what closes it.

An article starts where its 目录 title is printed as a heading (the anchor, articles.py) and
ends at its [责任编辑:…] mark or at the next anchor. What lies between a mark and the next
anchor is placed by the structure of the print (placement.py): a second mark means the text
belongs to the next article (printed before its title) or is an article the 目录 does not list;
a column banner opens the next article; photos go to the neighbour their caption speaks of;
(上接第N页) returns a continuation to the article of page N (continuations.py). Whatever cannot
be placed is reported. Each article's lines are then read into its fields (reading.py), its
closing marks from one table (closing.py).
"""

from ..evidence import NO_EVIDENCE, IssueEvidence
from ..front import Front, Line
from ..report import ImportReport
from ..text import title_key
from .articles import find_anchors, find_kickers
from .furniture import take_out_furniture
from .model import Article, Body
from .placement import place_loose_lines, place_preamble, place_segment
from .reading import read_article

__all__ = ["Article", "Body", "parse_body"]


def parse_body(
    lines: list[Line], front: Front, report: ImportReport, evidence: IssueEvidence = NO_EVIDENCE
) -> Body:
    """The articles of the body and the photos that belong to no article."""
    body = [
        line
        for line in lines
        if line.text
        and line.number not in front.claimed
        and not (
            front.toc_start
            and front.block_end
            and front.toc_start <= line.number <= front.block_end
        )
    ]
    titles = {title_key(entry.title) for entry in front.toc}
    body = take_out_furniture(body, titles, report)
    found = find_anchors(body, front, report)
    anchors = [(index, article) for index, article in found if index >= 0]
    articles = [article for _index, article in anchors]
    issue_photos: list[dict] = []
    kickers = find_kickers(body, anchors)
    body = [line for line in body if line.number not in kickers]
    position_of = {line.number: i for i, line in enumerate(body)}
    anchors = [(position_of[a.title_line], a) for _i, a in anchors]
    resume = next(
        (i for i, line in enumerate(body) if front.block_end and line.number > front.block_end),
        len(body),
    )
    for position, (index, article) in enumerate(anchors):
        end = anchors[position + 1][0] if position + 1 < len(anchors) else len(body)
        article.printed = body[index:end]

    # Lines before the first anchor: the cover and its photo, or text no article claims.
    first = anchors[0][0] if anchors else len(body)
    place_loose_lines(body[:first], report, issue_photos, before=None)

    for position, (index, article) in enumerate(anchors):
        end = anchors[position + 1][0] if position + 1 < len(anchors) else len(body)
        following = anchors[position + 1][1] if position + 1 < len(anchors) else None
        segment = body[index + article.title_size : end]
        if index < resume <= end and following is not None:
            # The 目录 block sits between here and the next article: what follows the block
            # and precedes the next title is that article's, except the masthead's notices.
            cut = resume - index - article.title_size
            segment, after = segment[:cut], segment[cut:]
            place_preamble(after, following, report)
        place_segment(article, segment, following, articles, report, issue_photos)
    articles.extend(article for index, article in found if index < 0)
    for article in articles:
        read_article(article, report, evidence)
    return Body(articles=articles, issue_photos=issue_photos)
