"""trygg-match: link two CSV files, or find duplicates in one, with Trygg's matching engine.

    trygg-match link LEFT.csv RIGHT.csv --id COLUMN --field COLUMN=KIND [--field ...] --out PRED.csv
    trygg-match dedupe FILE.csv --id COLUMN --field COLUMN=KIND [...] --out PRED.csv

Both files share their column names; an empty cell is a missing value. The output has the header
left_id,right_id,score and one row for every candidate pair scored, score being the match
probability, so that precision and recall can be computed at any threshold.
"""

import argparse
import csv
import datetime
import json
import sys
from pathlib import Path

import numpy as np

from .engine import KINDS, Engine, Field

PROGRESS_FROM = 5_000  # records, both files together, from which a progress bar is shown


class UsageError(Exception):
    """A mistake in the command line or the input files: reported with exit status 2."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="trygg-match",
        description="Probabilistic record linkage of people: link two CSV files or deduplicate one.",
        epilog=f"Kinds: {', '.join(KINDS)}.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    link = commands.add_parser("link", help="score the pairs of a record of LEFT and a record of RIGHT")
    link.add_argument("left", type=Path, metavar="LEFT.csv")
    link.add_argument("right", type=Path, metavar="RIGHT.csv")
    dedupe = commands.add_parser("dedupe", help="score the pairs of records within FILE")
    dedupe.add_argument("file", type=Path, metavar="FILE.csv")
    for sub in (link, dedupe):
        sub.add_argument("--id", required=True, metavar="COLUMN", help="the column with each record's id")
        sub.add_argument(
            "--field",
            action="append",
            required=True,
            metavar="COLUMN=KIND",
            help="a column to compare and its kind; repeat for each column",
        )
        sub.add_argument(
            "--out", required=True, type=Path, metavar="PRED.csv", help="where to write the pairs"
        )
        sub.add_argument(
            "--reference-date", metavar="YYYY-MM-DD", help="the day ages are counted from (default: today)"
        )
        sub.add_argument("--params", type=Path, metavar="FILE.json", help="use these parameters, no fitting")
        sub.add_argument("--save-params", type=Path, metavar="FILE.json", help="write the parameters used")
        sub.add_argument("--no-progress", action="store_true", help="no progress bar")
    link.add_argument(
        "--not-exclusive",
        action="store_true",
        help="a record may match several records of the other file (default: at most one)",
    )
    return parser


def _fields(specs: list[str]) -> list[Field]:
    fields = []
    for spec in specs:
        column, sep, kind = spec.partition("=")
        if not sep or not column or not kind:
            raise UsageError(f"--field {spec!r}: write COLUMN=KIND, for example given_name=given_name")
        try:
            fields.append(Field(column, kind))
        except ValueError as error:
            raise UsageError(str(error)) from None
    return fields


def _read(path: Path, id_column: str, fields: list[Field]) -> list[dict]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            missing = [c for c in [id_column, *(f.column for f in fields)] if c not in header]
            if missing:
                raise UsageError(f"{path}: no column {', '.join(repr(c) for c in missing)} in the header")
            columns = [f.column for f in fields]
            records = []
            for row in reader:
                record = {column: row.get(column) or None for column in columns}
                record["id"] = row.get(id_column) or ""
                if not record["id"]:
                    raise UsageError(f"{path}, line {reader.line_num}: the id column {id_column!r} is empty")
                records.append(record)
            return records
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise UsageError(f"cannot read {path}: {error}") from None


def _write(path: Path, left_ids, right_ids, scores) -> None:
    try:
        with path.open("w", encoding="utf-8", newline="") as handle:
            handle.write("left_id,right_id,score\n")
            chunk = 200_000
            for start in range(0, len(scores), chunk):
                rows = zip(
                    left_ids[start : start + chunk].tolist(),
                    right_ids[start : start + chunk].tolist(),
                    scores[start : start + chunk].tolist(),
                    strict=True,
                )
                handle.write("".join([f"{a},{b},{s:.6g}\n" for a, b, s in rows]))
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error}") from None


def _quoted(ids: np.ndarray) -> np.ndarray:
    """Ids as CSV cells: quoted where they hold a comma, a quote or a line break."""
    cells = {text: _csv_cell(text) for text in set(ids.tolist())}
    if all(cells[text] is text for text in cells):
        return ids
    return np.array([cells[text] for text in ids.tolist()], dtype=object)


def _csv_cell(text: str) -> str:
    """An id as a CSV cell: quoted when it holds a comma, a quote or a line break."""
    if "," in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def run(args: argparse.Namespace) -> int:
    fields = _fields(args.field)
    reference = None
    if args.reference_date:
        try:
            reference = datetime.date.fromisoformat(args.reference_date)
        except ValueError:
            raise UsageError(f"--reference-date {args.reference_date!r}: write YYYY-MM-DD") from None
    exclusive = not getattr(args, "not_exclusive", False)
    if args.params:
        try:
            params = json.loads(args.params.read_text(encoding="utf-8"))
            engine = Engine.from_params(fields, params, reference_date=reference, exclusive=exclusive)
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise UsageError(f"cannot use the parameters in {args.params}: {error}") from None
    else:
        try:
            engine = Engine(fields, reference_date=reference, exclusive=exclusive)
        except ValueError as error:
            raise UsageError(str(error)) from None
    if args.command == "link":
        left = _read(args.left, args.id, fields)
        right = _read(args.right, args.id, fields)
        progress = not args.no_progress and len(left) + len(right) >= PROGRESS_FROM
        result = engine.link_arrays(left, right, progress=progress, fit=not args.params)
    else:
        records = _read(args.file, args.id, fields)
        progress = not args.no_progress and len(records) >= PROGRESS_FROM
        result = engine.dedupe_arrays(records, progress=progress, fit=not args.params)
    left_ids, right_ids, scores = result
    _write(args.out, _quoted(left_ids), _quoted(right_ids), scores)
    if args.save_params:
        try:
            args.save_params.write_text(json.dumps(engine.params), encoding="utf-8")
        except OSError as error:
            raise UsageError(f"cannot write {args.save_params}: {error}") from None
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return run(args)
    except UsageError as error:
        parser.exit(2, f"trygg-match: error: {error}\n")
    return 2


if __name__ == "__main__":
    sys.exit(main())
