"""Where read models answer: the API's JSON reads are built from plain rows by read models
(`<app>/read_models.py`, catalogue's toc_data and masthead_data); the serializers stay the
schema (drf-spectacular reads them) and the path of the browsable API. Each view decides once
per request with `json_read`; a read model's fixed queries are CompiledRows."""

import weakref

from django.db import connections, router


def json_read(request) -> bool:
    """The request is answered in JSON (the read model's path), not by the browsable API."""
    renderer = getattr(request, "accepted_renderer", None)
    return getattr(renderer, "format", None) == "json"


def prepared_cursor(connection):
    """A cursor of `connection` whose queries PostgreSQL prepares: parsed and planned once per
    connection, not on every request (the floor's way, benchmarks/read_floor.py), for the
    narrow queries every read repeats with another key (the lean path's stamps, the lists'
    stamp). Elsewhere, and where prepared statements are off (`DATABASE_PREPARED_STATEMENTS=0`,
    for PgBouncer in transaction mode before 1.21: psycopg's `prepare_threshold` None), Django's
    own cursor.

    Django's cursors bind parameters on the client (`ClientCursor`), which psycopg never
    prepares; this one binds them on the server (Django's `ServerBindingCursor`), so psycopg
    prepares its query after `prepare_threshold` runs. It is wrapped as Django wraps its own
    (debug capture, execute wrappers, database errors), after Django's health check."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    if connection.connection.prepare_threshold is None:
        return connection.cursor()
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.validate_thread_sharing()
    cursor = ServerBindingCursor(connection.connection)
    if connection.queries_logged:
        return connection.make_debug_cursor(cursor)
    return connection.make_cursor(cursor)


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
        size = len(key) if isinstance(key, list | tuple) else None
        if size == 0:
            return []
        alias = router.db_for_read(self.model)
        connection = connections[alias]
        compiled = self._compiled.setdefault(connection, {})
        if size not in compiled:
            compiled[size] = self._compile(alias, size)
        sql, params, slots, names, compiler, converters = compiled[size]
        params = list(params)
        for slot, index in slots:
            params[slot] = key if index is None else key[index]
        with prepared_cursor(connection) as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if converters:
            rows = compiler.apply_converters(rows, converters)
        return [dict(zip(names, row, strict=True)) for row in rows]
