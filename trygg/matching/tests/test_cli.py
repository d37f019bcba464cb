"""trygg-match: link two CSV files, deduplicate one, and say clearly what is wrong."""

import csv
import json
import subprocess
import sys

import pytest

from trygg.matching.cli import main
from trygg.matching.tests import synthetic

COLUMNS = [
    "id",
    "given_name",
    "family_name",
    "other_names",
    "name_in_own_script",
    "sex",
    "date_of_birth",
    "age",
    "place_of_origin",
    "father_name",
    "mother_name",
]
FIELD_ARGS = [arg for column, kind in synthetic.FIELDS for arg in ("--field", f"{column}={kind}")]


def write(path, rows, columns=COLUMNS):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def read(path):
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


@pytest.fixture
def files(tmp_path):
    children, requests, truth = synthetic.make(400, 40, seed=11)
    return write(tmp_path / "children.csv", children), write(tmp_path / "requests.csv", requests), truth


def test_link_writes_every_scored_pair_with_its_probability(tmp_path, files):
    children, requests, truth = files
    out = tmp_path / "pairs.csv"
    args = ["link", str(children), str(requests), "--id", "id", *FIELD_ARGS]
    assert main([*args, "--reference-date", "2025-06-01", "--out", str(out), "--no-progress"]) == 0
    header, *rows = read(out)
    assert header == ["left_id", "right_id", "score"]
    assert rows and all(left.startswith("C") and right.startswith("R") for left, right, _ in rows)
    assert all(0.0 <= float(score) <= 1.0 for _, _, score in rows)
    best = {}
    for left, right, score in rows:
        if float(score) > best.get(right, ("", 0.0))[1]:
            best[right] = (left, float(score))
    sought = [r for r, c in truth.items() if c]
    assert sum(best.get(r, ("",))[0] == truth[r] for r in sought) >= 0.8 * len(sought)


def test_dedupe_and_saved_parameters(tmp_path, files):
    children, _, _ = files
    rows = list(csv.DictReader(children.open(encoding="utf-8")))
    again = dict(rows[3], id="C99999")
    path = write(tmp_path / "with_duplicate.csv", [*rows, again])
    out, params = tmp_path / "pairs.csv", tmp_path / "params.json"
    args = ["dedupe", str(path), "--id", "id", *FIELD_ARGS, "--reference-date", "2025-06-01"]
    assert main([*args, "--out", str(out), "--save-params", str(params)]) == 0
    header, *pairs = read(out)
    assert header == ["left_id", "right_id", "score"]
    top = max(pairs, key=lambda p: float(p[2]))
    assert top[:2] == [rows[3]["id"], "C99999"] and float(top[2]) > 0.9
    assert json.loads(params.read_text())["fitted"] is True
    # The saved parameters, used without fitting, give the same scores.
    second = tmp_path / "again.csv"
    assert main([*args, "--out", str(second), "--params", str(params)]) == 0
    assert read(second) == read(out)


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda args, tmp: args + ["--field", "nickname=given_name"], "no column 'nickname'"),
        (lambda args, tmp: args + ["--field", "given_name=surname"], "unknown kind 'surname'"),
        (lambda args, tmp: args + ["--field", "given_name"], "write COLUMN=KIND"),
        (lambda args, tmp: [a if a != "id" else "ident" for a in args], "no column 'ident'"),
        (
            lambda args, tmp: [str(tmp / "missing.csv") if a.endswith("requests.csv") else a for a in args],
            "cannot read",
        ),
        (lambda args, tmp: args + ["--reference-date", "1 June"], "YYYY-MM-DD"),
        (lambda args, tmp: args + ["--params", str(tmp / "none.json")], "cannot use the parameters"),
    ],
)
def test_mistakes_exit_2_with_a_message(tmp_path, files, capsys, change, message):
    children, requests, _ = files
    args = ["link", str(children), str(requests), "--id", "id", "--field", "given_name=given_name"]
    args += ["--out", str(tmp_path / "out.csv")]
    with pytest.raises(SystemExit) as exit_info:
        main(change(args, tmp_path))
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_ids_with_commas_are_quoted(tmp_path):
    child = {
        "id": 'C1, "north"',
        "given_name": "Amina",
        "family_name": "Hussein",
        "date_of_birth": "2014-03-07",
    }
    request = dict(child, id="R1")
    left, right = write(tmp_path / "l.csv", [child]), write(tmp_path / "r.csv", [request])
    out = tmp_path / "out.csv"
    args = ["link", str(left), str(right), "--id", "id", "--field", "given_name=given_name"]
    args += [
        "--field",
        "family_name=family_name",
        "--field",
        "date_of_birth=date_of_birth",
        "--out",
        str(out),
    ]
    assert main(args) == 0
    assert read(out)[1][:2] == ['C1, "north"', "R1"]


def test_a_file_that_is_not_text_is_reported(tmp_path, files, capsys):
    _, requests, _ = files
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe\x00\x01id\n")
    args = [
        "link",
        str(binary),
        str(requests),
        "--id",
        "id",
        "--field",
        "given_name=given_name",
        "--out",
        "x",
    ]
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    assert exit_info.value.code == 2 and "cannot read" in capsys.readouterr().err


def test_the_module_runs_as_a_command_and_shows_its_progress_on_large_inputs(tmp_path):
    help_text = subprocess.run(
        [sys.executable, "-m", "trygg.matching.cli", "--help"], capture_output=True, text=True, check=True
    ).stdout
    assert "link" in help_text and "dedupe" in help_text
    children, requests, _ = synthetic.make(5000, 100, seed=2)
    left, right = write(tmp_path / "c.csv", children), write(tmp_path / "r.csv", requests)
    out = tmp_path / "out.csv"
    command = [sys.executable, "-m", "trygg.matching.cli", "link", str(left), str(right), "--id", "id"]
    done = subprocess.run(  # noqa: S603 (our own command, arguments we made)
        [*command, *FIELD_ARGS, "--out", str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Comparing" in done.stderr and "100%" in done.stderr
    assert read(out)[0] == ["left_id", "right_id", "score"]
