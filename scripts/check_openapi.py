"""Check that docs/integration/openapi.json is what the code generates (make openapi-check; CI).

With --write it regenerates the file instead. The document is built from the push API's pydantic models
(src/toerusting/agenda/openapi.py), so a change to the API that is not in the committed file fails here.
"""

from __future__ import annotations

import difflib
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "integration" / "openapi.json"


def main() -> int:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toerusting.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()
    from toerusting.agenda.openapi import openapi_json

    generated = openapi_json()
    if "--write" in sys.argv[1:]:
        TARGET.write_text(generated, encoding="utf-8")
        print(f"wrote {TARGET.relative_to(ROOT)}")
        return 0
    committed = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
    if committed == generated:
        print(f"{TARGET.relative_to(ROOT)} is up to date")
        return 0
    diff = difflib.unified_diff(
        committed.splitlines(keepends=True),
        generated.splitlines(keepends=True),
        fromfile=f"{TARGET.relative_to(ROOT)} (committed)",
        tofile="generated from the code",
    )
    sys.stdout.writelines(diff)
    print(
        f"\n{TARGET.relative_to(ROOT)} is out of date: run python scripts/check_openapi.py --write",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
