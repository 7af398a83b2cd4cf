#!/usr/bin/env python3
"""Compare PDF text libraries on a folder of reports: `python scripts/bench_pdf_text.py FOLDER [--every N]`.

Times each installed library (pypdfium2, pypdf, pdfminer.six) extracting the text of
the same reports, and counts failures and characters read. The report reader uses
pypdfium2; this script is how that choice was measured, and how to measure it again.
Libraries that are not installed are skipped (only pypdfium2 is a dependency).
"""

from __future__ import annotations

import argparse
import importlib.util
import logging
import time
import warnings
from pathlib import Path


def _pypdfium2(path: Path) -> str:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(path)
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def _pypdf(path: Path) -> str:
    import pypdf

    return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages)


def _pdfminer(path: Path) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(str(path))


LIBRARIES = {"pypdfium2": ("pypdfium2", _pypdfium2), "pypdf": ("pypdf", _pypdf),
             "pdfminer.six": ("pdfminer", _pdfminer)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--every", type=int, default=10, help="read every Nth report (default: %(default)s)")
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)
    warnings.filterwarnings("ignore")
    reports = sorted(args.folder.rglob("*.pdf"))[:: args.every]
    print(f"{len(reports)} reports")
    baseline = None
    for name, (module, extract) in LIBRARIES.items():
        if importlib.util.find_spec(module) is None:
            print(f"{name:13} not installed")
            continue
        start = time.perf_counter()
        failures = chars = 0
        for path in reports:
            try:
                chars += len(extract(path))
            except Exception:  # a library's failure on one report is what is being counted
                failures += 1
        seconds = time.perf_counter() - start
        baseline = baseline or seconds
        print(f"{name:13} {seconds:7.2f} s  {seconds / baseline:5.1f}x  failures {failures}  characters {chars}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
