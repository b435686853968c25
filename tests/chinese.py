import re


def is_chinese(message) -> bool:
    """A message an editor can read: it contains Chinese characters."""
    return bool(re.search(r"[\u4e00-\u9fff]", str(message)))
