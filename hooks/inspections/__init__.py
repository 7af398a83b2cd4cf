"""The public record of Ofsted's inspections of children's services: the
domain code behind the site. No MkDocs import anywhere in this package;
`hooks/site.py` is the only adapter to the site generator.

Data flows one way:

    records/*.md + councils.yml
      -> load.py, registry.py, validate.py   parsed and checked (Problem: path:line: field: ...)
      -> dataset.py (Dataset)                 the validated model (model.py), or RecordsInvalid
      -> derive.py                            latest grades, movement, changes, counts
      -> build.py (Build)                     everything one build knows, made once
      -> outputs/                             one generator per page family or download

Where to change what
--------------------
- **A council page**: its layout is `templates/council.md.j2` (shared tables and
  lists in `templates/_macros.md.j2`); what it is given is `outputs/councils.py`.
  Other pages: `outputs/<page>.py` with `templates/<page>.md.j2`.
- **A chart**: the geometry is in `bar_charts.py` or `timeline_chart.py` (shared
  parts, colours and labels in `charts.py`), the SVG markup in
  `templates/charts/`; which page shows which chart is `pictures.py`. The map
  is `hexmap.py`.
- **A download**: a module in `outputs/` with `OUTPUT = Download(...)` (label,
  format, `build(b) -> {site path: bytes}`, and the Data page's `listing`), and
  one line in `outputs/downloads.py`. Its path goes in `paths.py`. A new column
  of a published table: `columns.py` (described once) and `rows.py` (its value).
- **A judgement, grade or framework**: `schema.py` (JUDGEMENTS, GRADES,
  FRAMEWORKS). The validator, the JSON Schema for editors, the field reference
  in the contributor guide and the CSV columns all follow from it; run
  `python3 scripts/gen_docs.py` and `python3 scripts/gen_schema.py` after. The
  plain-English explanation is the hand-written `docs/grades.md`.
- **A validator rule** for records: `validate.py` (`check_record` for one
  record, `check_collection` across records). Messages name the field and say
  what is allowed; `tests/test_validate.py` has a table of them.
- **A registry field** (councils.yml): `registry.py` (COUNCIL_FIELDS), `model.py`
  (Council), then `columns.py`/`rows.py` if it is published.
- **An address or file name**: `paths.py` only. **How a date reads**: `dates.py`
  only. **Escaping of record text**: `templating.py` and `sanitize.py`.
"""
