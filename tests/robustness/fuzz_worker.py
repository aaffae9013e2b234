"""The fuzzing batch, run in a child process with a memory limit: `python -m tests.robustness.fuzz_worker`.

    python -m tests.robustness.fuzz_worker DATABASE_URL --mutations 1000 --seed 1 [--corpus DIR] [--shard 0/2]

Builds the cases itself (hand-made hostile files, the corpus as it is, and mutations of a few base
workbooks and corpus files), runs each through the importer's read-and-check path (a dry run) and a
share of them through the storing path, and prints one JSON line per file:
``{"name", "status", "errors", "seconds", "rss_mb", "reader_peak_mb", "wrote", "exception"}``.
Before each file it prints
``{"start": name}``, so the parent knows which file was being read if this process dies or hangs.
A per-file alarm turns a file that takes too long into an ``exception`` (where Python gets control back;
the parent's overall timeout covers the rest).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import random
import re
import signal
import sys
import time
import traceback
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from portfolio.db import make_engine
from portfolio.importing import workbook
from portfolio.importing.service import import_plan
from portfolio.importing.template import blank_template
from portfolio.outcome import IMPORTED, READY, REJECTED, UNCHANGED
from tests.importing.builders import LONG_INCLUSION, plan_workbook
from tests.robustness.hostile import hostile_workbooks, rebuild
from tests.robustness.support import inventory

TODAY = dt.date(2024, 6, 1)
SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
PER_FILE_SECONDS = 10


class FileTookTooLong(Exception):
    pass


def _alarm(_signum, _frame):  # type: ignore[no-untyped-def]
    raise FileTookTooLong(f"more than {PER_FILE_SECONDS} s")


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * 4096 / 2**20


def _reader_peak_mb() -> float:
    """Peak resident memory of the importer's calamine reader process (portfolio.importing.workbook)."""
    process = workbook._Reader.process
    try:
        with open(f"/proc/{process.pid}/status") as handle:  # type: ignore[union-attr]
            line = next(x for x in handle if x.startswith("VmHWM:"))
        return int(line.split()[1]) / 1024
    except (AttributeError, OSError, StopIteration):
        return 0.0


def bases(corpus: Path | None) -> dict[str, bytes]:
    out = {
        "plan.xlsx": plan_workbook(inclusion=LONG_INCLUSION),
        "plan-fills.xlsx": plan_workbook(landsdel="Nord", programme="HJERTESVIGT",
                                         fills={("Milepæle", "F4"): "FFC000", ("Milepæle", "F5"): "FF0000"}),
        "template.xlsx": blank_template(),
    }
    if corpus is not None:
        for path in sorted(corpus.rglob("*")):
            if path.suffix.lower() in SUFFIXES and path.stat().st_size < 2_000_000:
                out[f"corpus-{path.name}"] = path.read_bytes()
    return out


# --- mutations ---------------------------------------------------------------------------------------------


def _flip(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def _truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def _splice(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data) + 1)
    chunk = data[rng.randrange(len(data) + 1):][: rng.randint(1, 4096)] if rng.random() < 0.5 \
        else rng.randbytes(rng.randint(1, 512))
    return data[:at] + chunk + data[at:]


def _zero(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data) + 1)
    length = rng.randint(1, 2048)
    return data[:at] + b"\0" * min(length, len(data) - at) + data[at + length:]


XML_EDITS: list[Callable[[random.Random, bytes], bytes]] = [
    lambda rng, x: re.sub(rb"<v>[^<]*</v>", lambda _: b"<v>" + rng.choice(
        [b"1e308", b"-1", b"NaN", b"99999999999999999999", b"", b"abc", b"45000.5", b"2958466"]) + b"</v>", x,
                          count=rng.randint(1, 50)),
    lambda rng, x: re.sub(rb'r="[A-Z]+[0-9]+"', lambda _: b'r="' + rng.choice(
        [b"A1", b"XFD1048576", b"ZZZZ1", b"A0", b"", b"A99999999999"]) + b'"', x, count=rng.randint(1, 20)),
    lambda rng, x: re.sub(rb't="[a-zA-Z]+"', lambda _: b't="' + rng.choice([b"s", b"n", b"b", b"e", b"str",
                                                                               b"inlineStr", b"d", b"zz"]) + b'"',
                          x, count=rng.randint(1, 30)),
    lambda rng, x: re.sub(rb"<t>[^<]*</t>", lambda _: b"<t>" + rng.choice(
        [b"010190-1234", b"&amp;", b"\xc3\x28", b"x" * 10_000, b"=1+1", b"31-02-2023", b"uge 99 2023", b"",
         "grøn".encode(), b"Q5 2023"]) + b"</t>", x, count=rng.randint(1, 30)),
    lambda rng, x: x.replace(rb"</row>", b"</row>" * rng.randint(0, 2), rng.randint(1, 5)),
    lambda rng, x: x[: rng.randrange(len(x) + 1)],
    lambda rng, x: re.sub(rb"<(/?)([a-zA-Z]+)", lambda m: b"<" + m.group(1) + rng.choice(
        [m.group(2), b"row", b"c", b"sheet", b"x"]), x, count=rng.randint(1, 10)),
    lambda rng, x: re.sub(rb'ref="[^"]*"', b'ref="A1:XFD1048576"', x),
    lambda rng, x: re.sub(rb'(sheetId|r:id|name)="[^"]*"', lambda m: m.group(1) + b'="' + rng.choice(
        [b"1", b"", b"rId99", b"Milep\xc3\xa6le", b"010190-1234", b"x" * 300]) + b'"', x, count=rng.randint(1, 4)),
]


def _zip_member(rng: random.Random, data: bytes) -> bytes:
    """Change one member's content and write a valid zip again, so the XML parsers see the damage."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = [n for n in archive.namelist() if not n.endswith("/")]
        name = rng.choice(names)
        content = archive.read(name)
    except Exception:  # noqa: BLE001 - not a (readable) zip: mutate the bytes instead
        return _flip(rng, data)
    action = rng.random()
    if action < 0.08:
        return rebuild(data, {name: None})
    if action < 0.14:
        return rebuild(data, {name + rng.choice(["", ".bak", "x"]) if rng.random() < 0.5 else "xl/extra.xml":
                              rng.randbytes(rng.randint(0, 2000))})
    if action < 0.30:
        return rebuild(data, {name: _flip(rng, content) if content else b"\xff"})
    edited = content
    for _ in range(rng.randint(1, 3)):
        edited = rng.choice(XML_EDITS)(rng, edited)
    return rebuild(data, {name: edited})


MUTATIONS = [(_flip, 2), (_truncate, 1), (_splice, 1), (_zero, 1), (_zip_member, 5)]


def mutate(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    kinds, weights = zip(*MUTATIONS, strict=True)
    chosen = rng.choices(kinds, weights)[0]
    try:
        return chosen.__name__.strip("_"), chosen(rng, data)
    except Exception:  # noqa: BLE001 - the base itself is broken (a corpus file): damage its bytes instead
        return "flip", _flip(rng, data)


def cases(seed: int, count: int, corpus: Path | None) -> Iterator[tuple[str, Callable[[], bytes]]]:
    yield from hostile_workbooks().items()
    base = bases(corpus)
    for name, data in base.items():
        yield f"as-is/{name}", lambda data=data: data
    rng = random.Random(seed)
    # Mutations favour the plan workbooks (they get furthest into the importer), then any corpus file.
    own = [n for n in base if not n.startswith("corpus-")]
    names = list(base)
    for n in range(count):
        source = rng.choice(own) if rng.random() < 0.6 else rng.choice(names)
        kind, mutated = mutate(rng, base[source])
        yield f"mutant-{n:04d}-{kind}/{source}", lambda mutated=mutated: mutated


# --- running ---------------------------------------------------------------------------------------------


def run_one(engine, name: str, data: bytes, store: bool) -> dict:  # type: ignore[no-untyped-def]
    record: dict = {"name": name, "bytes": len(data), "exception": None, "wrote": False}
    started = time.monotonic()
    signal.alarm(PER_FILE_SECONDS)
    try:
        result = import_plan(engine, data, name.rsplit("/", 1)[-1], actor="test", dry_run=True, today=TODAY)
        record["status"] = result.status
        record["errors"] = sorted({p.key for p in result.errors})
        assert result.status in (READY, UNCHANGED, REJECTED), result.status
        assert result.status != REJECTED or result.errors, "refused without a reason"
        for problem in result.problems:
            assert problem.message("da") and problem.message("en"), problem.key
        if store:
            before = inventory(engine)
            stored = import_plan(engine, data, name.rsplit("/", 1)[-1], actor="test", today=TODAY)
            after = inventory(engine)
            record["stored"] = stored.status
            if stored.status == IMPORTED:
                assert len(after["versions"]) == len(before["versions"]) + 1
                assert after["milestone"] == before["milestone"] + len(stored.plan.milestones)
                assert after["inclusion_count"] == before["inclusion_count"] + len(stored.plan.inclusions)
            else:
                record["wrote"] = after != before
    except BaseException as error:  # noqa: BLE001 - the point: report anything that got out of the importer
        record["exception"] = f"{type(error).__name__}: {str(error)[:300]}\n{traceback.format_exc()[-1500:]}"
        if isinstance(error, KeyboardInterrupt):
            raise
    finally:
        signal.alarm(0)
    record["seconds"] = round(time.monotonic() - started, 3)
    record["rss_mb"] = round(_rss_mb(), 1)
    record["reader_peak_mb"] = round(_reader_peak_mb(), 1)
    return record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("database_url")
    parser.add_argument("--mutations", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--store-every", type=int, default=25, help="every Nth case also goes through storing")
    parser.add_argument("--only", help="run only the cases whose name contains this")
    parser.add_argument("--shard", default="0/1", help="I/N: run every Nth case, starting at the Ith")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGALRM, _alarm)
    engine = make_engine(args.database_url)
    shard, shards = map(int, args.shard.split("/"))
    for index, (name, build) in enumerate(cases(args.seed, args.mutations, args.corpus)):
        if (args.only and args.only not in name) or index % shards != shard:
            continue
        print(json.dumps({"start": name}), flush=True)
        try:
            data = build()
        except Exception as error:  # noqa: BLE001 - a broken test builder, not an importer bug
            print(json.dumps({"name": name, "exception": f"builder: {error!r}", "builder": True}), flush=True)
            continue
        store = index % args.store_every == 0 or name.startswith("as-is/plan") or not name.startswith("mutant")
        print(json.dumps(run_one(engine, name, data, store)), flush=True)
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
