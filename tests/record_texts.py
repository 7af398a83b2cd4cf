"""Record texts that several test modules start from (each edits its own copy).

Line numbers in expected messages depend on these layouts: keep them as they are.
"""

from __future__ import annotations

#: An ILACS 2023 inspection graded outstanding overall, as front-matter lines.
OUTSTANDING_JUDGEMENTS = """\
judgements:
  overall_effectiveness: outstanding
  impact_of_leaders: outstanding
  help_and_protection: good
  children_in_care: outstanding
  care_leavers: outstanding
"""

#: Leicestershire's full inspection published on 12 July 2024: its front-matter
#: fields, without the `---` lines (the importer writes exactly these).
LEICESTERSHIRE_2024 = """\
council: leicestershire
kind: full-inspection
framework: ilacs-2023
inspection_type: standard
inspection_start: 2024-04-22
inspection_end: 2024-05-03
published: 2024-07-12
lead_inspector: Ceri Evans
""" + OUTSTANDING_JUDGEMENTS + """\
report_url: https://files.ofsted.gov.uk/v1/file/50252253
"""

#: Leicester's full inspection published on 20 March 2015, its grades not
#: recorded yet: front-matter fields without the `---` lines.
LEICESTER_2015_PENDING = """\
council: leicester
kind: full-inspection
framework: sif
published: 2015-03-20
grades_pending: true
report_url: https://files.ofsted.gov.uk/v1/file/50004289
"""
