"""Where read models answer: the API's JSON reads are built from plain rows by read models
(`<app>/read_models.py`, catalogue's toc_data and masthead_data); the serializers stay the
schema (drf-spectacular reads them) and the path of the browsable API. Each view decides once
per request with `json_read`."""


def json_read(request) -> bool:
    """The request is answered in JSON (the read model's path), not by the browsable API."""
    renderer = getattr(request, "accepted_renderer", None)
    return getattr(renderer, "format", None) == "json"
