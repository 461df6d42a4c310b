"""A dataset version's columns and simple statistics, sent with its registration so Mnemo can diff
schemas between versions and flag drift (the `schema` and `columnStats` of register*Version).

From a pandas DataFrame (duck-typed: pandas is not a dependency), a list of row dicts, or given
explicitly. Types use MLflow's column vocabulary (long, double, boolean, string, datetime, binary) so
the same data described by the SDK or by `mlflow.data` compares equal. Everything is checked here,
before anything is sent: a bad description raises MnemoError and nothing is written.
"""

from __future__ import annotations

import datetime
import math
import numbers
from collections.abc import Mapping, Sequence
from typing import Any

from .client import MnemoError

# Mnemo's limits (services/api/src/drift/schema.ts SCHEMA_LIMITS).
MAX_COLUMNS, MAX_NAME, MAX_TYPE = 5_000, 300, 200
NUMERIC_TYPES = {"long", "double"}
COLUMN_KEYS = {"name", "type", "nullable"}
STATS_KEYS = {"column", "count", "nulls", "mean", "std", "distinct"}
WHOLE_STATS, REAL_STATS = ("count", "nulls", "distinct"), ("mean", "std")

# numpy dtype kinds (DataFrame.dtypes[...].kind) → column type; object columns are read from their values.
_DTYPE_KINDS = {
    "b": "boolean",
    "i": "long",
    "u": "long",
    "f": "double",
    "M": "datetime",
    "m": "duration",
    "S": "binary",
}


class _Problems:
    """Collects what is wrong with a description, then raises it all at once (as Mnemo would)."""

    def __init__(self) -> None:
        self.problems: list[dict] = []

    def fail(self, field: str, problem: str) -> None:
        self.problems.append({"field": field, "problem": problem})

    def raise_any(self) -> None:
        if self.problems:
            listing = "; ".join(f"{p['field']}: {p['problem']}" for p in self.problems)
            raise MnemoError(f"Invalid dataset columns: {listing}.", "BAD_USER_INPUT", {"problems": self.problems})


def _text(problems: _Problems, field: str, value: Any, limit: int) -> None:
    if not isinstance(value, str) or not value.strip():
        problems.fail(field, f"must be a non-empty string; got {value!r}")
    elif len(value) > limit:
        problems.fail(field, f"must be at most {limit} characters; got {len(value)}")


def _entries(problems: _Problems, field: str, value: Any) -> list:
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence):
        problems.fail(field, f"must be a list of dicts; got {type(value).__name__}")
        return []
    if len(value) > MAX_COLUMNS:
        problems.fail(field, f"must have at most {MAX_COLUMNS} columns; got {len(value)}")
    for i, entry in enumerate(value):
        if not isinstance(entry, Mapping):
            problems.fail(f"{field}[{i}]", f"must be a dict; got {type(entry).__name__}")
    return [entry for entry in value if isinstance(entry, Mapping)]


def _unique(problems: _Problems, field: str, names: list) -> None:
    seen = set()
    for name in names:
        if isinstance(name, str) and name in seen:
            problems.fail(field, f'names column "{name}" twice')
        seen.add(name)


def check_schema(schema: Any) -> list[dict]:
    """`[{"name": ..., "type": ..., "nullable": bool?}]`, checked; raises MnemoError."""
    problems = _Problems()
    entries = _entries(problems, "schema", schema)
    columns = []
    for i, entry in enumerate(entries):
        for key in sorted(set(entry) - COLUMN_KEYS, key=str):
            problems.fail(f"schema[{i}]", f"unknown key {key!r} (a column has name, type and nullable)")
        _text(problems, f"schema[{i}].name", entry.get("name"), MAX_NAME)
        _text(problems, f"schema[{i}].type", entry.get("type"), MAX_TYPE)
        nullable = entry.get("nullable")
        if nullable is not None and not isinstance(nullable, bool):
            problems.fail(f"schema[{i}].nullable", f"must be true, false or None; got {nullable!r}")
        column = {"name": entry.get("name"), "type": entry.get("type")}
        if nullable is not None:
            column["nullable"] = nullable
        columns.append(column)
    _unique(problems, "schema", [column["name"] for column in columns])
    problems.raise_any()
    return columns


def check_column_stats(stats: Any) -> list[dict]:
    """`[{"column": ..., "count", "nulls", "distinct" (whole, >= 0), "mean", "std" (finite)}]`, checked."""
    problems = _Problems()
    entries = _entries(problems, "column_stats", stats)
    checked = []
    for i, entry in enumerate(entries):
        field = f"column_stats[{i}]"
        for key in sorted(set(entry) - STATS_KEYS, key=str):
            problems.fail(field, f"unknown key {key!r} (statistics are {', '.join(sorted(STATS_KEYS - {'column'}))})")
        _text(problems, f"{field}.column", entry.get("column"), MAX_NAME)
        stat: dict = {"column": entry.get("column")}
        for key in WHOLE_STATS:
            value = entry.get(key)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 0:
                problems.fail(f"{field}.{key}", f"must be a whole number >= 0; got {value!r}")
            else:
                stat[key] = int(value)
        for key in REAL_STATS:
            value = entry.get(key)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
                problems.fail(f"{field}.{key}", f"must be a finite number; got {value!r}")
            elif key == "std" and value < 0:
                problems.fail(f"{field}.{key}", f"must be >= 0; got {value!r}")
            else:
                stat[key] = float(value)
        checked.append(stat)
    _unique(problems, "column_stats", [stat["column"] for stat in checked])
    problems.raise_any()
    return checked


def _is_null(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, NaT
    except (TypeError, ValueError):  # pandas.NA refuses to be a bool
        return True


def _value_type(value: Any) -> str:
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "boolean"
    if isinstance(value, numbers.Integral):
        return "long"
    if isinstance(value, numbers.Real):
        return "double"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (bytes, bytearray)):
        return "binary"
    if isinstance(value, (datetime.datetime, datetime.date)):
        return "datetime"
    return type(value).__name__


def _type_of(values: list) -> str:
    """The column's type from its non-null values: one kind, long+double as double, else mixed."""
    kinds = {_value_type(value) for value in values}
    if not kinds:
        return "null"
    if kinds == {"long", "double"}:
        return "double"
    return kinds.pop() if len(kinds) == 1 else "mixed"


def _distinct(values: list) -> int:
    seen = set()
    for value in values:
        try:
            seen.add(value)
        except TypeError:  # lists, dicts: compared by how they print
            seen.add(("unhashable", repr(value)))
    return len(seen)


def _stats(name: str, column_type: str, values: list) -> dict:
    """count (nulls included), nulls, distinct non-null values; mean and sample std (n - 1) of numbers."""
    present = [value for value in values if not _is_null(value)]
    stat: dict = {"column": name, "count": len(values), "nulls": len(values) - len(present)}
    stat["distinct"] = _distinct(present)
    if column_type in NUMERIC_TYPES and present:
        numbers_ = [float(value) for value in present]
        mean = math.fsum(numbers_) / len(numbers_)
        if math.isfinite(mean):
            stat["mean"] = mean
            if len(numbers_) > 1:
                std = math.sqrt(math.fsum((x - mean) ** 2 for x in numbers_) / (len(numbers_) - 1))
                if math.isfinite(std):
                    stat["std"] = std
    return stat


def _is_frame(data: Any) -> bool:
    """A pandas DataFrame, by its shape rather than its class (pandas is not imported)."""
    return all(hasattr(data, attribute) for attribute in ("columns", "dtypes", "__getitem__")) and not isinstance(
        data, (Mapping, Sequence)
    )


def _frame_columns(problems: _Problems, data: Any) -> list[tuple[str, str | None, list]]:
    names = [str(name) for name in data.columns]
    _unique(problems, "data", names)
    problems.raise_any()
    columns = []
    for original, name in zip(data.columns, names):
        series = data[original]
        kind = getattr(getattr(series, "dtype", None), "kind", "O")
        columns.append((name, _DTYPE_KINDS.get(kind), list(series.tolist())))
    return columns


def _row_columns(problems: _Problems, rows: Sequence) -> list[tuple[str, str | None, list]]:
    names: list[str] = []
    for i, row in enumerate(rows):
        if not isinstance(row, Mapping):
            problems.fail(f"data[{i}]", f"must be a dict of column values; got {type(row).__name__}")
            continue
        for key in row:
            if not isinstance(key, str) or not key.strip():
                problems.fail(f"data[{i}]", f"column names must be non-empty strings; got {key!r}")
            elif key not in names:
                names.append(key)
    problems.raise_any()
    # A column missing from a row counts as a null in it.
    return [(name, None, [row.get(name) for row in rows]) for name in names]


def describe(data: Any = None, schema: Any = None, column_stats: Any = None) -> tuple[list | None, list | None]:
    """The `schema` and `columnStats` to register: explicit ones (checked) win over those computed
    from `data`. Raises MnemoError, before anything is sent, when either is malformed."""
    explicit_schema = check_schema(schema) if schema is not None else None
    explicit_stats = check_column_stats(column_stats) if column_stats is not None else None
    computed_schema = computed_stats = None
    if data is not None:
        problems = _Problems()
        if _is_frame(data):
            columns = _frame_columns(problems, data)
        elif isinstance(data, Sequence) and not isinstance(data, (str, bytes)):
            columns = _row_columns(problems, data)
        else:
            problems.fail("data", f"must be a pandas DataFrame or a list of row dicts; got {type(data).__name__}")
            problems.raise_any()
        described = [
            (name, dtype_type or _type_of([v for v in values if not _is_null(v)]), values)
            for name, dtype_type, values in columns
        ]
        if len(described) > MAX_COLUMNS:
            problems.fail("data", f"has {len(described)} columns; Mnemo takes at most {MAX_COLUMNS}")
        for name, _, _ in described:
            _text(problems, "data column", name, MAX_NAME)
        problems.raise_any()
        if described:
            computed_schema = [{"name": name, "type": column_type} for name, column_type, _ in described]
            computed_stats = [_stats(name, column_type, values) for name, column_type, values in described]
    return (
        explicit_schema if explicit_schema is not None else computed_schema,
        explicit_stats if explicit_stats is not None else computed_stats,
    )
