"""Fail when a user-facing string has no Dutch translation, or one whose placeholders differ.

Runs Django's makemessages (needs GNU gettext's xgettext) to pick up every gettext string in code and
templates, then lists entries of the Dutch catalogue that are untranslated or fuzzy. The catalogue file is
restored afterwards, so running the check leaves the work tree as it was.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "toerusting"
CATALOGUE = PACKAGE / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def main() -> int:
    original = CATALOGUE.read_bytes()
    env = {**os.environ, "DEBUG": os.environ.get("DEBUG", "true")}
    try:
        subprocess.run(  # noqa: S603
            [
                str(ROOT / ".venv" / "bin" / "toerusting"),
                "makemessages",
                "-l",
                "nl",
                "--no-obsolete",
                "--add-location",
                "file",
            ],
            cwd=PACKAGE,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        with CATALOGUE.open("rb") as handle:
            catalogue = read_po(handle)
    except subprocess.CalledProcessError as exc:
        print(f"makemessages failed:\n{exc.stderr}", file=sys.stderr)
        return 2
    finally:
        CATALOGUE.write_bytes(original)
    problems = []
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple | list) else [message.string]
        where = ", ".join(sorted({path for path, _line in message.locations}))
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r} ({where})")
        elif not all(strings):
            problems.append(f"untranslated: {message.id!r} ({where})")
    # Placeholders must survive translation: %(name)s in the msgid must be in the Dutch text too.
    checked = subprocess.run(  # noqa: S603
        ["msgfmt", "--check-format", "-o", "/dev/null", str(CATALOGUE)],  # noqa: S607
        capture_output=True,
        text=True,
    )
    if checked.returncode != 0:
        problems.append(f"placeholders differ between English and Dutch:\n{checked.stderr}")
    if problems:
        print(
            f"{CATALOGUE.relative_to(ROOT)}: {len(problems)} string(s) without a correct Dutch translation:"
        )
        print("\n".join(f"  {p}" for p in problems))
        return 1
    print(f"All {sum(1 for m in catalogue if m.id)} strings have a Dutch translation.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
