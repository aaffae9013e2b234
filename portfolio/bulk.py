"""Many rows into one table at once: COPY on PostgreSQL (psycopg), one plain executemany elsewhere.

SQLAlchemy's executemany builds and checks a parameter dictionary per row and, on PostgreSQL, renders
batches of multi-row VALUES. For the 14,000 rows of a large plan that cost more than everything else an
import does (0.7 s on PostgreSQL). COPY, and a DB-API executemany fed with the column types' own
conversions, store the same values in a fraction of that time, inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table, insert
from sqlalchemy.exc import DBAPIError

from portfolio.personal_data import mask_rows


def bulk_insert(connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys: column names) into ``table`` in the connection's transaction.
    A column left out gets the database's default, not a Python-side ``default=`` of the model: give every
    column that has one."""
    if not rows:
        return
    rows = mask_rows(rows)  # the CPR gate at the store's edge, as the session's before_flush is for the ORM
    dialect = connection.dialect
    names = list(rows[0])
    if dialect.name == "postgresql" and dialect.driver == "psycopg":
        _copy(connection, table, names, _values(connection, table, names, rows))
        return
    compiled = insert(table).compile(dialect=dialect, column_keys=names)
    if not compiled.positional or compiled.positiontup is None:
        connection.execute(insert(table), list(rows))  # named paramstyles: the ordinary way
        return
    names = list(compiled.positiontup)  # the driver's parameter order
    connection.exec_driver_sql(str(compiled), _values(connection, table, names, rows))


def _values(connection: Connection, table: Table, names: list[str],
            rows: Sequence[Mapping[str, Any]]) -> list[tuple[Any, ...]]:
    """Rows as tuples in ``names`` order, each value converted as SQLAlchemy would on the way in (enum members
    to their text, dates to SQLite's text)."""
    dialect = connection.dialect
    converters: list[tuple[int, Callable[[Any], Any]]] = []
    for index, name in enumerate(names):
        convert = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        if convert is not None:
            converters.append((index, convert))
    pick = itemgetter(*names) if len(names) > 1 else (lambda row: (row[names[0]],))
    if not converters:
        return [pick(row) for row in rows]
    out = []
    for row in rows:
        values = list(pick(row))
        for index, convert in converters:
            values[index] = convert(values[index])
        out.append(tuple(values))
    return out


def _copy(connection: Connection, table: Table, names: list[str], values: list[tuple[Any, ...]]) -> None:
    preparer = connection.dialect.identifier_preparer
    columns = ", ".join(preparer.quote(name) for name in names)
    statement = f"COPY {preparer.format_table(table)} ({columns}) FROM STDIN"
    driver_connection = connection.connection.driver_connection  # the psycopg connection of this transaction
    assert driver_connection is not None
    dbapi = connection.dialect.loaded_dbapi
    try:
        with driver_connection.cursor() as cursor, cursor.copy(statement) as copy:
            for row in values:
                copy.write_row(row)
    except dbapi.Error as error:  # raised as SQLAlchemy raises driver errors: IntegrityError for a constraint
        raise DBAPIError.instance(statement, None, error, dbapi.Error) from error
