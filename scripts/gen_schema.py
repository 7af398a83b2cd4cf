#!/usr/bin/env python3
"""Write records/record.schema.json from the schema (for editors' YAML support).

    python scripts/gen_schema.py          # write it
    python scripts/gen_schema.py --check  # exit 1 if the committed file is stale
"""

from __future__ import annotations

import argparse
import sys

from _common import RECORDS, refresh
from inspections.dataset import REGISTRY_NAME, load_councils
from inspections.reference import json_schema_text

TARGET = RECORDS / "record.schema.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check the committed file is up to date")
    args = parser.parse_args(argv)
    slugs = list(load_councils(RECORDS / REGISTRY_NAME))
    text = json_schema_text(slugs)
    return refresh({TARGET: text}, check=args.check, command="python scripts/gen_schema.py")

if __name__ == "__main__":
    sys.exit(main())
