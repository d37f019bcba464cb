"""Check (or update) the Norwegian bokmål message catalogues in trygg/locale/nb/LC_MESSAGES/.

    python scripts/check_messages.py           check; exit 1 when a catalogue is stale or incomplete
    python scripts/check_messages.py --update  run makemessages for translators (`make messages`)

The check fails when
  (a) a translatable string in the code is missing from the catalogue, or the catalogue holds a
      string the code no longer uses (stale): makemessages runs on a copy of the code and the
      message ids are compared;
  (b) an entry is untranslated or fuzzy;
  (c) msgfmt finds a broken entry (e.g. a placeholder such as %(count)s missing in a translation).

Both modes run makemessages the same way, inside trygg/, so the check agrees with `make messages`.
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LANGUAGE = "nb"
DOMAINS = ("django", "djangojs")
SHOWN = 25


def catalogue(root: Path, domain: str) -> Path:
    return root / "trygg" / "locale" / LANGUAGE / "LC_MESSAGES" / f"{domain}.po"


def makemessages(root: Path) -> None:
    """Run makemessages for both domains inside root/trygg (only our own code is walked)."""
    for domain in DOMAINS:
        subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
            [
                sys.executable,
                str(root / "manage.py"),
                "makemessages",
                "--locale",
                LANGUAGE,
                "--domain",
                domain,
                "--no-obsolete",
                # File names without line numbers: the catalogue does not churn on every edit.
                "--add-location=file",
                # Tests look labels up with gettext; they are not strings users see.
                "--ignore",
                "*/tests/*",
                "--verbosity",
                "0",
            ],
            cwd=root / "trygg",
            check=True,
        )


def keys(po: polib.POFile) -> set[tuple[str, str, str]]:
    return {
        (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "") for entry in po if not entry.obsolete
    }


def describe(key: tuple[str, str, str]) -> str:
    context, msgid, _plural = key
    text = msgid if len(msgid) <= 100 else msgid[:97] + "..."
    return f"[{context}] {text!r}" if context else repr(text)


def report(title: str, items: list[str]) -> list[str]:
    lines = [f"  {title}: {len(items)}"]
    lines += [f"    {item}" for item in items[:SHOWN]]
    if len(items) > SHOWN:
        lines.append(f"    ... and {len(items) - SHOWN} more")
    return lines


def fresh_catalogues() -> dict[str, polib.POFile | None]:
    """Run makemessages on a copy of the code and return what the catalogues would become."""
    with tempfile.TemporaryDirectory(prefix="trygg-messages-") as tmp:
        copy = Path(tmp)
        shutil.copy2(ROOT / "manage.py", copy / "manage.py")
        shutil.copytree(
            ROOT / "trygg", copy / "trygg", ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo")
        )
        makemessages(copy)
        fresh = {}
        for domain in DOMAINS:
            path = catalogue(copy, domain)
            fresh[domain] = polib.pofile(str(path)) if path.exists() else None
        return fresh


def msgfmt_errors(path: Path) -> str:
    result = subprocess.run(  # noqa: S603 - fixed arguments
        ["msgfmt", "--check-format", "--output-file", "/dev/null", str(path)],  # noqa: S607
        capture_output=True,
        text=True,
    )
    return "" if result.returncode == 0 else result.stderr.strip()


def check() -> int:
    problems: list[str] = []
    fresh = fresh_catalogues()
    for domain in DOMAINS:
        path = catalogue(ROOT, domain)
        name = path.relative_to(ROOT)
        expected = fresh[domain]
        if not path.exists():
            if expected is not None and len(keys(expected)) > 0:
                problems.append(
                    f"{name} is missing but the code has {len(keys(expected))} translatable strings "
                    "(create it with `make messages`)."
                )
            continue
        current = polib.pofile(str(path))
        lines: list[str] = []
        wanted = keys(expected) if expected is not None else set()
        have = keys(current)
        missing = sorted(wanted - have)
        unused = sorted(have - wanted)
        untranslated = [
            describe((e.msgctxt or "", e.msgid, e.msgid_plural or "")) for e in current.untranslated_entries()
        ]
        fuzzy = [describe((e.msgctxt or "", e.msgid, e.msgid_plural or "")) for e in current.fuzzy_entries()]
        if missing:
            lines += report(
                "in the code but missing from the catalogue (run `make messages`)",
                [describe(k) for k in missing],
            )
        if unused:
            lines += report(
                "in the catalogue but no longer in the code (run `make messages`)",
                [describe(k) for k in unused],
            )
        if untranslated:
            lines += report("untranslated", untranslated)
        if fuzzy:
            lines += report("fuzzy (check the translation, then remove the fuzzy flag)", fuzzy)
        if current.metadata_is_fuzzy or current.metadata.get("Language") != LANGUAGE:
            lines.append(f"  header: set 'Language: {LANGUAGE}' and remove the header's fuzzy flag")
        errors = msgfmt_errors(path)
        if errors:
            lines += ["  msgfmt reports:", *[f"    {line}" for line in errors.splitlines()]]
        if lines:
            problems.append(f"{name}:\n" + "\n".join(lines))
    if problems:
        sys.stderr.write("Message catalogue check failed.\n" + "\n".join(problems) + "\n")
        return 1
    sys.stdout.write("Message catalogues are complete and up to date.\n")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="update the .po files for translators")
    args = parser.parse_args()
    if args.update:
        makemessages(ROOT)
        for domain in DOMAINS:
            path = catalogue(ROOT, domain)
            if path.exists():
                po = polib.pofile(str(path))
                if not po.metadata.get("Language"):
                    # makemessages leaves the header empty; the language at least is known.
                    po.metadata["Language"] = LANGUAGE
                    po.save()
                sys.stdout.write(
                    f"{path.relative_to(ROOT)}: {len(po.untranslated_entries())} untranslated, "
                    f"{len(po.fuzzy_entries())} fuzzy, {len(po.translated_entries())} translated.\n"
                )
        return 0
    return check()


if __name__ == "__main__":
    sys.exit(main())
