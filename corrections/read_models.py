"""Read models of corrections: the notice readers see (CorrectionNoticeSerializer's
representation) from plain rows, for the 目录's JSON (catalogue/toc.py toc_data)."""

from core.read_models import CompiledRows

from .models import Correction
from .targets import Target

CORRECTION_NOTICE_VALUES = (
    "id",
    "article_id",
    "article__title",
    "target",
    "wrong_text",
    "right_text",
    "notice",
    "published_on",
)
PLACES = dict(Target.choices)


def correction_notice(row: dict) -> dict:
    """CorrectionNoticeSerializer's representation of a row of CORRECTION_NOTICE_VALUES; the
    place in the reader's language, as get_target_display() gives it."""
    article = row["article_id"]
    return {
        "id": row["id"],
        "article": None if article is None else {"id": article, "title": row["article__title"]},
        "target": row["target"],
        "place": str(PLACES.get(row["target"], row["target"])),
        "wrong_text": row["wrong_text"],
        "right_text": row["right_text"],
        "notice": row["notice"],
        "published_on": row["published_on"].isoformat(),
    }


# An article's notices by its id, newest first (corrections_prefetch's order), compiled once.
ARTICLE_CORRECTIONS = CompiledRows(
    Correction,
    lambda pk: (
        Correction.objects.filter(article_id=pk).newest_first().values(*CORRECTION_NOTICE_VALUES)
    ),
)
