"""The floor of benchmarks/http_reads.py: the API's reads as PostgreSQL alone can serve them.

A minimal WSGI application, served by the same gunicorn as the project: each request is one
prepared `json_agg` query on a connection the worker keeps, whose text PostgreSQL builds
itself; Python only routes and copies bytes. The JSON has the project's keys and structure
(derived labels such as `pages` are spelled in SQL). A conditional GET is one SELECT of the
issue's `content_changed_at` (a list's: one aggregate over the issues) and a 304.

    /toc/<issue id>  /masthead/<issue id>  /articles/?issue=<issue id>

Not part of the project: nothing imports it.
"""

import hashlib
import os
from urllib.parse import parse_qs

import psycopg

ISSUE = """
    json_build_object(
        'id', i.id, 'periodical', p.slug, 'year', i.year, 'number', i.number,
        'number_end', i.number_end, 'supplement', i.supplement,
        'label', i.year || '年第' || i.number || '期', 'cumulative_number', i.cumulative_number,
        'publication_date', i.publication_date)
"""

TOC = f"""
SELECT json_build_object(
    'issue', {ISSUE}::jsonb || jsonb_build_object(
        'periodical', json_build_object('id', p.id, 'slug', p.slug, 'name', p.name),
        'status', i.status, 'highlights_heading', i.highlights_heading,
        'cover_caption', i.cover_caption),
    'sections', (
        SELECT coalesce(json_agg(json_build_object(
            'column', json_build_object('id', c.id, 'name', c.name),
            'entries', entries) ORDER BY first_order), '[]')
        FROM (
            SELECT a.column_id, min(a.toc_order) AS first_order, json_agg(json_build_object(
                'article', a.id, 'page', a.start_page,
                'title', coalesce(nullif(a.toc_title, ''), a.title), 'subtitle', a.subtitle,
                'authors', (
                    SELECT coalesce(json_agg(json_build_object(
                        'id', au.contributor_id, 'name', au.credited_name)
                        ORDER BY au."order", au.id), '[]')
                    FROM articles_authorship au
                    WHERE au.article_id = a.id AND au.listed_in_toc),
                'and_others', a.and_others) ORDER BY a.toc_order, a.id) AS entries
            FROM articles_article a
            WHERE a.issue_id = i.id AND a.toc_order IS NOT NULL AND a.column_id IS NOT NULL
            GROUP BY a.column_id
        ) s JOIN periodical_column c ON c.id = s.column_id),
    'highlights', (
        SELECT coalesce(json_agg(json_build_object(
            'article', a.id, 'page', a.start_page,
            'title', coalesce(nullif(a.toc_title, ''), a.title)) ORDER BY h."order", h.id), '[]')
        FROM issues_highlight h JOIN articles_article a ON a.id = h.article_id
        WHERE h.issue_id = i.id),
    'cover', json_build_object('caption', i.cover_caption, 'credits', (
        SELECT coalesce(json_agg(json_build_object(
            'photographer', CASE WHEN pc.credited_name <> '' THEN json_build_object(
                'id', pc.photographer_id, 'name', pc.credited_name) END,
            'credit', pc.credited_name || '/摄') ORDER BY pc."order", pc.id), '[]')
        FROM articles_photocredit pc WHERE pc.issue_id = i.id AND pc.on_cover)))::text
FROM issues_issue i JOIN periodical_periodical p ON p.id = i.periodical_id
WHERE i.id = %s AND i.status = 'published'
"""

MASTHEAD = f"""
SELECT json_build_object(
    'issue', {ISSUE}::jsonb || jsonb_build_object(
        'periodical', json_build_object('id', p.id, 'slug', p.slug, 'name', p.name),
        'status', i.status, 'highlights_heading', i.highlights_heading,
        'cover_caption', i.cover_caption),
    'periodical', json_build_object(
        'name', p.name, 'name_pinyin', p.name_pinyin, 'slogan', i.slogan, 'issn', p.issn,
        'cn', p.cn, 'supervisor', i.supervisor, 'sponsor', i.sponsor,
        'publisher', i.publisher, 'address', i.address, 'phone', i.phone,
        'postcode', i.postcode, 'email', i.email, 'price', i.price::text,
        'publication_day', i.publication_day, 'printer', i.printer),
    'roles', (
        SELECT coalesce(json_agg(json_build_object(
            'role', r.name, 'people', people, 'note', note) ORDER BY first_order), '[]')
        FROM (
            SELECT e.role_id, min(e."order") AS first_order,
                json_agg(json_build_object('id', e.contributor_id, 'name', e.credited_name)
                    ORDER BY e."order", e.id) AS people,
                string_agg(DISTINCT nullif(e.note, ''), '、') AS note
            FROM issues_mastheadentry e WHERE e.issue_id = i.id GROUP BY e.role_id
        ) m JOIN periodical_mastheadrole r ON r.id = m.role_id),
    'cover', json_build_object('caption', i.cover_caption, 'photographer', NULL,
        'image', nullif(i.cover_image, '')),
    'barcode', NULL)::text
FROM issues_issue i JOIN periodical_periodical p ON p.id = i.periodical_id
WHERE i.id = %s AND i.status = 'published'
"""

ARTICLES = f"""
SELECT json_build_object('count', count(*) OVER (), 'next', NULL, 'previous', NULL,
    'results', coalesce(json_agg(json_build_object(
        'id', a.id, 'url', 'http://127.0.0.1/api/v1/articles/' || a.id || '/',
        'issue', {ISSUE},
        'column', CASE WHEN c.id IS NOT NULL THEN json_build_object('id', c.id, 'name', c.name) END,
        'toc_order', a.toc_order, 'kicker', a.kicker, 'title', a.title, 'toc_title', a.toc_title,
        'subtitle', a.subtitle,
        'pages', concat_ws('-', a.start_page, a.end_page),
        'start_page', a.start_page, 'end_page', a.end_page,
        'continuation_pages', a.continuation_pages, 'dateline', a.dateline,
        'authors', (
            SELECT coalesce(json_agg(json_build_object(
                'id', au.contributor_id, 'name', au.credited_name, 'role', au.role,
                'affiliation', au.affiliation, 'listed_in_toc', au.listed_in_toc)
                ORDER BY au."order", au.id), '[]')
            FROM articles_authorship au WHERE au.article_id = a.id),
        'and_others', a.and_others,
        'responsible_editor', CASE WHEN a.responsible_editor_name <> '' THEN json_build_object(
            'id', a.responsible_editor_id, 'name', a.responsible_editor_name) END,
        'source_org', a.source_org, 'reprinted_from', a.reprinted_from,
        'photo_credits', (
            SELECT coalesce(json_agg(json_build_object(
                'caption', pc.caption, 'kind', pc.kind,
                'photographer', CASE WHEN pc.credited_name <> '' THEN json_build_object(
                    'id', pc.photographer_id, 'name', pc.credited_name) END,
                'credited_title', pc.credited_title, 'agency', pc.agency,
                'credit', pc.credited_name || '/摄') ORDER BY pc."order", pc.id), '[]')
            FROM articles_photocredit pc WHERE pc.article_id = a.id)
    ) ORDER BY a.start_page, a.toc_order, a.id), '[]'))::text
FROM articles_article a
JOIN issues_issue i ON i.id = a.issue_id
JOIN periodical_periodical p ON p.id = i.periodical_id
LEFT JOIN periodical_column c ON c.id = a.column_id
WHERE a.issue_id = %s AND i.status = 'published'
"""

ISSUE_CHANGED = "SELECT content_changed_at::text FROM issues_issue WHERE id = %s"
LIST_STAMP = "SELECT (count(*), max(content_changed_at), max(id))::text FROM issues_issue"

_connection = None


def database():
    """The worker's one connection, opened on its first request and kept."""
    global _connection
    if _connection is None or _connection.closed:
        _connection = psycopg.connect(os.environ["FLOOR_DATABASE_URL"], autocommit=True)
    return _connection


def one(sql: str, *params):
    row = database().execute(sql, params, prepare=True).fetchone()
    return row[0] if row else None


def etag(*parts) -> str:
    return '"' + hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32] + '"'


def app(environ, start_response):
    path = environ["PATH_INFO"].strip("/").split("/")
    query = parse_qs(environ.get("QUERY_STRING", ""))
    if path[0] in ("toc", "masthead") and len(path) == 2 and path[1].isdigit():
        issue = int(path[1])
        sql = TOC if path[0] == "toc" else MASTHEAD
        stamp = (ISSUE_CHANGED, issue)
    elif path[0] == "articles" and query.get("issue", [""])[0].isdigit():
        issue = int(query["issue"][0])
        sql = ARTICLES
        stamp = (LIST_STAMP,)
    else:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]
    client_tag, tag = environ.get("HTTP_IF_NONE_MATCH"), None
    if client_tag is not None:  # one SELECT of the stamp, then 304 (or the body below)
        tag = etag(path[0], issue, one(*stamp))
        if client_tag == tag:
            start_response("304 Not Modified", [("ETag", tag)])
            return []
    body = one(sql, issue)  # one json_agg query
    if body is None:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]
    data = body.encode()
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(data)))]
    start_response("200 OK", headers + ([("ETag", tag)] if tag else []))
    return [data]
