"""Where read models answer: the API's JSON reads are built from plain rows by read models
(`<app>/read_models.py`, catalogue's toc_data and masthead_data); the serializers stay the
schema (drf-spectacular reads them) and the path of the browsable API. Each view decides once
per request with `json_read`; a read model's fixed queries are CompiledRows."""

import weakref
from typing import NamedTuple

from django.db import connections, router


def json_read(request) -> bool:
    """The request is answered in JSON (the read model's path), not by the browsable API."""
    renderer = getattr(request, "accepted_renderer", None)
    return getattr(renderer, "format", None) == "json"


def fetch_prepared(connection, sql: str, params=(), *, one: bool = False):
    """The rows of `sql` (the first only, or None, with `one`) run as a statement PostgreSQL
    prepares: parsed and planned once per connection, not on every request (the floor's way,
    benchmarks/read_floor.py), for the narrow queries every read repeats with another key (the
    lean path's stamps, the lists' stamp, the read models' compiled queries).

    Django's cursors bind parameters on the client (`ClientCursor`), which psycopg never
    prepares; these queries bind them on the server (Django's `ServerBindingCursor`). Where
    queries are logged or wrapped (DEBUG, a test counting them, execute wrappers) the cursor is
    wrapped as Django wraps its own; otherwise one kept cursor of the connection runs them
    directly, Django's wrapping done by hand (health check, thread and transaction checks,
    database errors as Django's): the wrapper cost more than the query's own client work.
    Elsewhere (SQLite), and where prepared statements are off (`DATABASE_PREPARED_STATEMENTS=0`,
    for PgBouncer in transaction mode before 1.21: psycopg's `prepare_threshold` None),
    Django's own cursor."""
    raw = _prepared_connection(connection)
    cursor = None
    if raw is not None:
        from django.db.backends.postgresql.base import ServerBindingCursor

        if connection.queries_logged:
            cursor = connection.make_debug_cursor(ServerBindingCursor(raw))
        elif connection.execute_wrappers:
            cursor = connection.make_cursor(ServerBindingCursor(raw))
        else:
            connection.validate_no_broken_transaction()
            [kept] = _kept_cursors(raw, 1)
            with connection.wrap_database_errors:
                kept.execute(sql, params, prepare=True)
                return kept.fetchone() if one else kept.fetchall()
    with cursor or connection.cursor() as running:
        running.execute(sql, params)
        return running.fetchone() if one else running.fetchall()


def fetch_prepared_together(connection, statements: list[tuple[str, list]]) -> list[list]:
    """The rows of each of `statements` (sql, params), as fetch_prepared gives them, sent to
    PostgreSQL at once in psycopg's pipeline mode: one round trip for all, where one each cost
    a wait of ~0.1 ms for the server's answer (the 目录 reads six independent queries, the
    masthead three). Where fetch_prepared would not keep its own cursor (queries logged or
    wrapped, prepared statements off, another database) or libpq has no pipeline mode, one
    after the other by fetch_prepared."""
    raw = _prepared_connection(connection) if len(statements) > 1 else None
    if (
        raw is not None
        and not connection.queries_logged
        and not connection.execute_wrappers
        and _pipeline_supported()
    ):
        connection.validate_no_broken_transaction()
        cursors = _kept_cursors(raw, len(statements))
        with connection.wrap_database_errors:
            with raw.pipeline():
                for cursor, (sql, params) in zip(cursors, statements, strict=True):
                    cursor.execute(sql, params, prepare=True)
            return [cursor.fetchall() for cursor in cursors]
    return [fetch_prepared(connection, sql, params) for sql, params in statements]


def _prepared_connection(connection):
    """The psycopg connection of `connection` where statements are prepared on the server
    (PostgreSQL with prepared statements on), connected, its health checked and used by its
    own thread, as Django's cursor would check; None elsewhere."""
    if connection.vendor != "postgresql":
        return None
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:
        return None
    connection.validate_thread_sharing()
    return raw


def _kept_cursors(raw, count: int) -> list:
    """`count` server-binding cursors of the psycopg connection `raw`, kept from one call to
    the next (a closed one made anew): fetch_prepared runs on the first, statements sent
    together each on one of their own."""
    from django.db.backends.postgresql.base import ServerBindingCursor

    kept = _KEPT_CURSORS.setdefault(raw, [])
    for index in range(count):
        if index == len(kept):
            kept.append(ServerBindingCursor(raw))
        elif kept[index].closed:
            kept[index] = ServerBindingCursor(raw)
    return kept[:count]


# The server-binding cursors kept a psycopg connection (_kept_cursors).
_KEPT_CURSORS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _pipeline_supported() -> bool:
    import psycopg

    return psycopg.Pipeline.is_supported()


class _Statement(NamedTuple):
    """A CompiledRows query for one key: where it runs, what it sends, and how its rows are
    made dicts (CompiledRows.dicts)."""

    connection: object
    sql: str
    params: list
    made: tuple


class CompiledRows:
    """A `values()` query compiled to SQL once per database connection, then run with a new
    key: the rows as the ORM gives them (its SQL, its converters), without compiling the
    QuerySet again on every request.

    Django compiles a QuerySet each time it is evaluated (resolving lookups, joins, ordering:
    0.3–0.9 ms of CPU for the 目录's queries, five times the cost of running one), and no
    well-kept library keeps compiled SQL, so this does, with the compiler's own as_sql(),
    get_converters() and apply_converters(). `build(key)` returns the values() QuerySet for a
    key, an id or a list of ids (`__in`); it is called once with a stand-in key (per length
    of a list), whose places among the parameters then take each call's key. The query runs
    on the database the router names for reads, through the connection's cursor (so debug
    capture, execute wrappers and the replica routing apply).
    """

    STAND_IN = 8_765_432_109_876_543  # ids no row has; never an offset, a limit or a flag

    def __init__(self, model, build):
        self.model, self.build = model, build
        self._compiled = weakref.WeakKeyDictionary()  # by connection: threads have their own

    def _compile(self, alias: str, size: int | None) -> tuple:
        if size is None:
            stand_ins = {self.STAND_IN: None}
            query = self.build(self.STAND_IN).using(alias).query
        else:
            stand_ins = {self.STAND_IN + n: n for n in range(size)}
            query = self.build(list(stand_ins)).using(alias).query
        compiler = query.get_compiler(alias)
        sql, params = compiler.as_sql()
        slots = [(n, stand_ins[p]) for n, p in enumerate(params) if p in stand_ins]
        if {index for _slot, index in slots} != set(stand_ins.values()):
            raise ValueError(f"the key is not a parameter of {sql}")
        converters = compiler.get_converters(
            [select[0] for select in compiler.select[: compiler.col_count]]
        )
        names = [*query.extra_select, *query.values_select, *query.annotation_select]
        return sql, list(params), slots, names, compiler, converters

    def __call__(self, key) -> list[dict]:
        """The rows for `key` (an id, or a list of distinct ids), as dicts of the values()
        names."""
        return read_together((self, key))[0]

    def statement(self, key) -> _Statement | None:
        """The query for `key` (`_Statement`): None for an empty list of ids, which no row
        has."""
        size = len(key) if isinstance(key, list | tuple) else None
        if size == 0:
            return None
        alias = router.db_for_read(self.model)
        connection = connections[alias]
        compiled = self._compiled.setdefault(connection, {})
        if size not in compiled:
            compiled[size] = self._compile(alias, size)
        sql, params, slots, names, compiler, converters = compiled[size]
        params = list(params)
        for slot, index in slots:
            params[slot] = key if index is None else key[index]
        return _Statement(connection, sql, params, (names, compiler, converters))

    @staticmethod
    def dicts(rows, made: tuple) -> list[dict]:
        names, compiler, converters = made
        if converters:
            rows = compiler.apply_converters(rows, converters)
        return [dict(zip(names, row, strict=True)) for row in rows]


def first_row_and_reads(connection, sql: str, params: list, reads: list) -> tuple | None:
    """The first row of `sql` (None if it has none) and the rows of each of `reads` (a
    CompiledRows and its key), all sent together (fetch_prepared_together); None where a read
    goes to another database than `connection` or has no query (an empty list of ids)."""
    statements = [rows.statement(key) for rows, key in reads]
    if any(statement is None or statement.connection is not connection for statement in statements):
        return None
    sent = [(sql, params), *((statement.sql, statement.params) for statement in statements)]
    first, *results = fetch_prepared_together(connection, sent)
    made = [
        CompiledRows.dicts(rows, statement.made)
        for rows, statement in zip(results, statements, strict=True)
    ]
    return (first[0] if first else None), made


def read_together(*reads: tuple[CompiledRows, object]) -> list[list[dict]]:
    """The rows of each of `reads` (a CompiledRows and its key), as each call would give them,
    the queries that go to the same database sent together (fetch_prepared_together): for a
    read model whose queries are independent of one another."""
    statements = [rows.statement(key) for rows, key in reads]
    by_database: dict[int, list[_Statement]] = {}
    for statement in statements:
        if statement is not None:
            by_database.setdefault(id(statement.connection), []).append(statement)
    fetched = {}
    for group in by_database.values():
        sent = [(statement.sql, statement.params) for statement in group]
        rows = fetch_prepared_together(group[0].connection, sent)
        fetched.update(zip(map(id, group), rows, strict=True))
    return [
        [] if statement is None else CompiledRows.dicts(fetched[id(statement)], statement.made)
        for statement in statements
    ]
