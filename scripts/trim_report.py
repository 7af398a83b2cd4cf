#!/usr/bin/env python3
"""Keep some pages of a report PDF, for small test fixtures:
`python scripts/trim_report.py IN.pdf OUT.pdf 1 5 -1` (pages count from 1; -1 is the last).

The reader's tests use real Ofsted reports cut down to the pages it reads.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pypdfium2 as pdfium


def trim(source: Path, target: Path, pages: list[int]) -> None:
    doc = pdfium.PdfDocument(source)
    wanted = [p - 1 if p > 0 else len(doc) + p for p in pages]
    out = pdfium.PdfDocument.new()
    out.import_pages(doc, wanted)
    with target.open("wb") as handle:
        out.save(handle)


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    trim(Path(sys.argv[1]), Path(sys.argv[2]), [int(p) for p in sys.argv[3:]])
