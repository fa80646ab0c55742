"""Crash-safe campaign store: SQLite in WAL mode, one transaction per state change.

Layout of a campaign folder::

    CAMPAIGN_DIR/
      campaign.toml     the campaign file as given (the store also keeps its text)
      lab.sqlite        this store (plus -wal / -shm files while open)
      raw/<id>.json     raw measurement of each experiment (spectrum, instrument output)
      batch_NNN.csv     batches written by the manual instrument

Life of an experiment: ``proposed`` -> ``sent`` -> ``measured`` | ``failed``; earlier
experiments added by ``peled lab import`` are ``imported``.  A batch is inserted with all
its proposals in one transaction, so after a kill at any moment a batch either exists
with every proposal or not at all.  A result is inserted together with the state change
of its experiment in one transaction, and ``results.experiment_id`` is the primary key:
an experiment that was re-sent after a crash and measured twice is recorded once.  The
raw file is renamed into place before that transaction, so a recorded result always has
its raw file.

The SQLite documentation ("Write-Ahead Logging", sqlite.org/wal.html) guarantees that a
committed transaction survives a process crash in WAL mode with ``synchronous=NORMAL``
(durability across a power loss needs ``FULL``, which we use).
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from peled.errors import PeledError

__all__ = [
    "DB_NAME",
    "Experiment",
    "Store",
    "StoreError",
]

#: File name of the store inside a campaign folder.
DB_NAME = "lab.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS batches (
    number INTEGER PRIMARY KEY,
    strategy TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('proposed', 'sent', 'measured')),
    created REAL NOT NULL,
    updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS experiments (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL UNIQUE,
    batch INTEGER REFERENCES batches(number),
    parameters TEXT NOT NULL,
    state TEXT NOT NULL
        CHECK (state IN ('proposed', 'sent', 'measured', 'failed', 'imported')),
    attempts INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    created REAL NOT NULL,
    updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS results (
    experiment_id TEXT PRIMARY KEY REFERENCES experiments(id),
    outcomes TEXT NOT NULL,
    raw_file TEXT,
    recorded REAL NOT NULL
);
"""


class StoreError(PeledError):
    """A campaign folder or store that cannot be used (missing, not a campaign, ...)."""


@dataclass(frozen=True)
class Experiment:
    """One row of the store: an experiment and, when measured, its outcomes."""

    id: str
    seq: int
    batch: int | None
    parameters: Mapping[str, Any]
    state: str
    attempts: int = 0
    error: str | None = None
    outcomes: Mapping[str, float] | None = field(default=None)
    raw_file: str | None = None

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "batch": self.batch,
            "state": self.state,
            "parameters": dict(self.parameters),
            "outcomes": dict(self.outcomes) if self.outcomes is not None else None,
            "error": self.error,
            "attempts": self.attempts,
            "raw_file": self.raw_file,
        }


class Store:
    """The SQLite store of one campaign folder.

    Parameters
    ----------
    folder : path
        Campaign folder; ``create=True`` makes it (and the database), otherwise the
        database must exist.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     s = Store(d, create=True)
    ...     ids = s.add_batch(1, "sobol", [{"x": 0.5}, {"x": 0.25}])
    ...     s.mark_sent(1)
    ...     first = s.record_result(ids[0], {"y": 1.0})
    ...     again = s.record_result(ids[0], {"y": 2.0})   # a second result is ignored
    ...     failed = s.record_failure(ids[1], "crashed")
    ...     print(first, again, [(e.id, e.state, e.outcomes) for e in s.experiments()])
    ...     s.close()
    True False [('b001-1', 'measured', {'y': 1.0}), ('b001-2', 'failed', None)]
    """

    def __init__(self, folder: str | os.PathLike, *, create: bool = False) -> None:
        self.folder = Path(folder)
        path = self.folder / DB_NAME
        if not create and not path.is_file():
            raise StoreError(f"{self.folder}: not a campaign folder (no {DB_NAME}); start "
                             "one with `peled lab run CAMPAIGN.toml -o FOLDER`")
        if create:
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / "raw").mkdir(exist_ok=True)
        self._db = sqlite3.connect(path, isolation_level=None, timeout=30.0)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA foreign_keys=ON")
        if create:
            self._db.executescript(_SCHEMA)

    # ------------------------------------------------------------------ plumbing
    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE ... COMMIT, ROLLBACK on error)."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ meta
    def set_meta(self, values: Mapping[str, Any]) -> None:
        """Write several metadata values (JSON) in one transaction."""
        with self._tx() as db:
            db.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                           [(k, json.dumps(v)) for k, v in values.items()])

    def meta(self, key: str, default: Any = None) -> Any:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return default if row is None else json.loads(row[0])

    # ------------------------------------------------------------------ writes
    def _next_seq(self, db: sqlite3.Connection) -> int:
        return int(db.execute("SELECT COALESCE(MAX(seq), 0) FROM experiments").fetchone()[0]) + 1

    def add_batch(self, number: int, strategy: str,
                  proposals: Sequence[Mapping[str, Any]]) -> list[str]:
        """Insert batch ``number`` with its proposals (one transaction); return their ids."""
        now = time.time()
        with self._tx() as db:
            db.execute("INSERT INTO batches (number, strategy, state, created, updated) "
                       "VALUES (?, ?, 'proposed', ?, ?)", (number, strategy, now, now))
            seq = self._next_seq(db)
            ids = [f"b{number:03d}-{i + 1}" for i in range(len(proposals))]
            db.executemany(
                "INSERT INTO experiments (id, seq, batch, parameters, state, created, updated)"
                " VALUES (?, ?, ?, ?, 'proposed', ?, ?)",
                [(eid, seq + i, number, json.dumps(dict(p), sort_keys=True), now, now)
                 for i, (eid, p) in enumerate(zip(ids, proposals, strict=True))],
            )
        return ids

    def mark_sent(self, number: int) -> None:
        """Batch ``number`` goes to the instrument: open experiments become ``sent``."""
        now = time.time()
        with self._tx() as db:
            db.execute("UPDATE batches SET state = 'sent', updated = ? WHERE number = ?",
                       (now, number))
            db.execute("UPDATE experiments SET state = 'sent', attempts = attempts + 1, "
                       "updated = ? WHERE batch = ? AND state IN ('proposed', 'sent')",
                       (now, number))

    def record_result(self, exp_id: str, outcomes: Mapping[str, float],
                      raw_file: str | None = None) -> bool:
        """Store the outcomes of a sent experiment; False if it already had a result."""
        now = time.time()
        with self._tx() as db:
            cur = db.execute("UPDATE experiments SET state = 'measured', error = NULL, "
                             "updated = ? WHERE id = ? AND state IN ('proposed', 'sent')",
                             (now, exp_id))
            if cur.rowcount == 0:
                return False
            db.execute("INSERT INTO results (experiment_id, outcomes, raw_file, recorded) "
                       "VALUES (?, ?, ?, ?)",
                       (exp_id, json.dumps(dict(outcomes), sort_keys=True), raw_file, now))
        return True

    def record_failure(self, exp_id: str, error: str, raw_file: str | None = None) -> bool:
        """Mark a sent experiment failed with its reason; False if it was already closed."""
        now = time.time()
        with self._tx() as db:
            cur = db.execute("UPDATE experiments SET state = 'failed', error = ?, updated = ? "
                             "WHERE id = ? AND state IN ('proposed', 'sent')",
                             (error, now, exp_id))
            if cur.rowcount and raw_file is not None:
                db.execute("INSERT INTO results (experiment_id, outcomes, raw_file, recorded)"
                           " VALUES (?, '{}', ?, ?)", (exp_id, raw_file, now))
        return bool(cur.rowcount)

    def close_batch(self, number: int) -> bool:
        """Mark batch ``number`` measured once none of its experiments is open."""
        now = time.time()
        with self._tx() as db:
            open_ = db.execute("SELECT COUNT(*) FROM experiments WHERE batch = ? AND state IN "
                               "('proposed', 'sent')", (number,)).fetchone()[0]
            if open_:
                return False
            db.execute("UPDATE batches SET state = 'measured', updated = ? WHERE number = ?",
                       (now, number))
        return True

    def import_observations(self, rows: Sequence[tuple[Mapping[str, Any],
                                                       Mapping[str, float]]]) -> list[str]:
        """Add earlier experiments (parameters, outcomes) in one transaction."""
        now = time.time()
        with self._tx() as db:
            seq = self._next_seq(db)
            start = int(db.execute("SELECT COUNT(*) FROM experiments WHERE state = 'imported'"
                                   ).fetchone()[0])
            ids = [f"imp-{start + i + 1}" for i in range(len(rows))]
            for i, (eid, (params, outcomes)) in enumerate(zip(ids, rows, strict=True)):
                db.execute("INSERT INTO experiments (id, seq, batch, parameters, state, "
                           "created, updated) VALUES (?, ?, NULL, ?, 'imported', ?, ?)",
                           (eid, seq + i, json.dumps(dict(params), sort_keys=True), now, now))
                db.execute("INSERT INTO results (experiment_id, outcomes, raw_file, recorded)"
                           " VALUES (?, ?, NULL, ?)",
                           (eid, json.dumps(dict(outcomes), sort_keys=True), now))
        return ids

    def write_raw(self, exp_id: str, payload: Mapping[str, Any]) -> str:
        """Write the raw measurement of ``exp_id`` atomically; return its relative path."""
        rel = f"raw/{exp_id}.json"
        path = self.folder / rel
        path.parent.mkdir(exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(payload, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        return rel

    # ------------------------------------------------------------------ reads
    def experiments(self, states: Sequence[str] | None = None) -> list[Experiment]:
        """All experiments in order (optionally only those in ``states``)."""
        q = ("SELECT e.id, e.seq, e.batch, e.parameters, e.state, e.attempts, e.error, "
             "r.outcomes, r.raw_file FROM experiments e LEFT JOIN results r "
             "ON r.experiment_id = e.id")
        args: tuple = ()
        if states:
            q += f" WHERE e.state IN ({', '.join('?' * len(states))})"
            args = tuple(states)
        rows = self._db.execute(q + " ORDER BY e.seq", args).fetchall()
        out = []
        for eid, seq, batch, params, state, attempts, error, outcomes, raw in rows:
            oc = json.loads(outcomes) if outcomes is not None else None
            out.append(Experiment(eid, seq, batch, json.loads(params), state, attempts, error,
                                  oc if state in ("measured", "imported") else None, raw))
        return out

    def open_batch(self) -> tuple[int, list[Experiment]] | None:
        """The batch that is proposed or sent but not yet measured, with its open runs."""
        row = self._db.execute("SELECT number FROM batches WHERE state != 'measured' "
                               "ORDER BY number LIMIT 1").fetchone()
        if row is None:
            return None
        number = int(row[0])
        exps = [e for e in self.experiments(("proposed", "sent")) if e.batch == number]
        return number, exps

    def last_batch_number(self) -> int:
        row = self._db.execute("SELECT COALESCE(MAX(number), 0) FROM batches").fetchone()
        return int(row[0])

    def counts(self) -> dict[str, int]:
        """Number of experiments per state (all five states present)."""
        out = {s: 0 for s in ("proposed", "sent", "measured", "failed", "imported")}
        for state, n in self._db.execute("SELECT state, COUNT(*) FROM experiments "
                                         "GROUP BY state"):
            out[state] = int(n)
        return out
