"""Compile locale/*/LC_MESSAGES/django.po into .mo files with polib, no GNU gettext needed.

The .mo files are committed, so a fresh machine shows Chinese without installing gettext.
With --check, compile in memory and fail when a catalogue has untranslated or fuzzy entries,
or when a committed .mo differs from its .po.
"""

import argparse
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def compile_catalogue(po_path: Path) -> bytes:
    po = polib.pofile(str(po_path))
    with tempfile.NamedTemporaryFile(suffix=".mo") as tmp:
        po.save_as_mofile(tmp.name)
        return Path(tmp.name).read_bytes()


def problems(po_path: Path) -> list[str]:
    po = polib.pofile(str(po_path))
    found = [f"untranslated: {e.msgid!r}" for e in po.untranslated_entries()]
    found += [f"fuzzy: {e.msgid!r}" for e in po.fuzzy_entries()]
    return found


def drop_fuzzy(po_path: Path) -> None:
    """Empty every fuzzy entry: msgmerge's guesses from similar strings are often wrong."""
    po = polib.pofile(str(po_path))
    for entry in po.fuzzy_entries():
        entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = None
        entry.msgstr = ""
        entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
        print(f"{po_path.relative_to(ROOT)}: to translate: {entry.msgid!r}")
    po.save()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="verify instead of writing")
    parser.add_argument(
        "--drop-fuzzy",
        action="store_true",
        help="empty the guesses msgmerge marked fuzzy, so they show up as untranslated",
    )
    args = parser.parse_args()
    failed = False
    for po_path in sorted(ROOT.glob("locale/*/LC_MESSAGES/django.po")):
        if args.drop_fuzzy:
            drop_fuzzy(po_path)
        mo_path = po_path.with_suffix(".mo")
        compiled = compile_catalogue(po_path)
        if args.check:
            for problem in problems(po_path):
                print(f"{po_path.relative_to(ROOT)}: {problem}")
                failed = True
            if not mo_path.exists() or mo_path.read_bytes() != compiled:
                print(f"{mo_path.relative_to(ROOT)} is stale: run `make messages`.")
                failed = True
        else:
            mo_path.write_bytes(compiled)
            print(f"compiled {mo_path.relative_to(ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
