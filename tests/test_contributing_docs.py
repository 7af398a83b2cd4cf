"""The contributor guide stays true: generated parts up to date, templates valid, the
documented errors are the validator's real messages, the documented command works."""

from __future__ import annotations

import datetime as dt
import re
import shlex
import shutil
from pathlib import Path

import gen_docs
import pytest
from inspections.dataset import load_councils, load_dataset
from inspections.load import parse_record
from inspections.validate import check_record
from new_record import main as new_record

ROOT = Path(__file__).resolve().parent.parent
GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
REPO_URL = "https://github.com/ofsted-childrens-services/inspections"
TODAY = dt.date(2026, 11, 1)
TEMPLATE_PATH = "records/leicestershire/2024-07-12-full-inspection.md"


@pytest.fixture(scope="module")
def councils():
    return load_councils(ROOT / "records" / "councils.yml")


def problems(text: str, rel: str, councils) -> list[str]:
    raw = parse_record(text.encode("utf-8"), rel)
    found = raw if isinstance(raw, list) else check_record(raw, councils, TODAY)[1]
    return [f"{p.field}: {p.message}" if p.field else p.message for p in found]


def yaml_blocks(text: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", text, flags=re.S)


def template() -> str:
    return yaml_blocks(GUIDE)[0]


def test_generated_parts_are_up_to_date():
    for path, text in gen_docs.outputs().items():
        assert path.read_text(encoding="utf-8") == text, f"run python scripts/gen_docs.py ({path.name} is stale)"


def test_field_reference_is_in_both_places():
    from inspections.reference import field_reference_markdown

    assert field_reference_markdown(heading_level=3) in GUIDE
    page = (ROOT / "docs" / "contributing.md").read_text(encoding="utf-8")
    assert page.count("<!-- field-reference -->") == 1
    assert "field-reference:start" not in page


def test_guide_starts_with_the_template():
    assert GUIDE.index("## Template") < GUIDE.index("## Add a record")
    assert GUIDE.index("```yaml") < GUIDE.index("## Add a record")


def test_templates_are_valid_records(councils):
    full, visit = yaml_blocks(GUIDE)[:2]
    assert problems(full, TEMPLATE_PATH, councils) == []
    assert problems(visit, "records/leicestershire/2022-03-02-focused-visit.md", councils) == []


def swap(old: str, new: str) -> str:
    text = template()
    assert old in text
    return text.replace(old, new)


JUDGEMENT_LINES = "".join(line + "\n" for line in template().splitlines() if line.startswith("  "))

#: (how a contributor breaks the template, file path) -> the message the guide shows.
COMMON_ERRORS = [
    (swap("help_and_protection: good", "help_and_protection: requires improvement"), TEMPLATE_PATH),
    (swap("care_leavers: outstanding", "care_leavers: outstanding\n  children_in_care_and_care_leavers: good"),
     TEMPLATE_PATH),
    (swap("lead_inspector:", "lead_inspecter:"), TEMPLATE_PATH),
    (swap("published: 2024-07-12", "published: 12/07/2024"), TEMPLATE_PATH),
    (swap("council: leicestershire", "council: Leicestershire"), TEMPLATE_PATH),
    (template(), "records/leicestershire/2024-07-13-full-inspection.md"),
    (swap("https://files.ofsted.gov.uk/v1/file/50252253", "https://www.leicestershire.gov.uk/ofsted-report.pdf"),
     TEMPLATE_PATH),
    (swap("judgements:\n" + JUDGEMENT_LINES, ""), TEMPLATE_PATH),
    (swap("kind: full-inspection", "kind: focused-visit").replace("inspection_type: standard\n", ""),
     "records/leicestershire/2024-07-12-focused-visit.md"),
    (swap("kind: full-inspection", "kind: monitoring-visit").replace("judgements:\n" + JUDGEMENT_LINES, ""),
     "records/leicestershire/2024-07-12-monitoring-visit.md"),
    (swap("inspection_end: 2024-05-03", "inspection_end: 2024-04-03"), TEMPLATE_PATH),
    (swap("published: 2024-07-12", "published: 2099-07-12"), "records/leicestershire/2099-07-12-full-inspection.md"),
    (swap("lead_inspector: Ceri Evans", "lead_inspector: HMI: Ceri Evans"), TEMPLATE_PATH),
    (swap("  help_and_protection", "\thelp_and_protection"), TEMPLATE_PATH),
    (template().rsplit("---", 1)[0], TEMPLATE_PATH),
    (template() + "\n<script>alert(1)</script>\n", TEMPLATE_PATH),
]


@pytest.mark.parametrize(("text", "rel"), COMMON_ERRORS)
def test_documented_errors_are_the_validators_own_words(councils, text, rel):
    found = problems(text, rel, councils)
    assert found, "the broken template should not pass"
    documented = [message for message in found if message in GUIDE]
    assert documented, f"none of these messages is in CONTRIBUTING.md: {found}"


def test_framework_error_is_documented(councils):
    found = problems(swap("framework: ilacs-2023", "framework: ilacs-2018"), TEMPLATE_PATH, councils)
    assert "framework: 'ilacs-2018' does not cover an inspection starting 2024-04-22; allowed for that date: ilacs-2023" \
        in found
    assert found[-1] in GUIDE


def test_duplicate_report_error_is_documented(tmp_path):
    """The cross-record message, from two records of the same report."""
    from inspections.model import RecordsInvalid

    records = tmp_path / "records"
    (records / "leicestershire").mkdir(parents=True)
    shutil.copy(ROOT / "records" / "councils.yml", records)
    (records / "leicestershire" / "2024-07-12-full-inspection.md").write_text(template())
    (records / "leicestershire" / "2024-07-13-full-inspection.md").write_text(
        template().replace("published: 2024-07-12", "published: 2024-07-13"))
    with pytest.raises(RecordsInvalid) as invalid:
        load_dataset(records, root=tmp_path, today=TODAY)
    (problem,) = [p for p in invalid.value.problems if p.field == "report_url"]
    assert problem.message.startswith("the same report is already recorded in records/")
    documented = f"{problem.field}: " + problem.message.split(" records/")[0] + " records/...; keep one record"
    assert documented in GUIDE


def test_documented_scaffold_command_works(tmp_path, capsys):
    block = next(b for b in re.findall(r"```sh\n(.*?)```", GUIDE, flags=re.S) if "new_record.py" in b)
    command = block[block.index("python3 scripts/new_record.py"):].replace("\\\n", " ").splitlines()[0]
    args = shlex.split(command)[2:]
    records = tmp_path / "records"
    records.mkdir()
    shutil.copy(ROOT / "records" / "councils.yml", records)
    assert new_record(["--records", str(records), *args], interactive=False) == 0
    written = records / "leicestershire" / "2024-07-12-full-inspection.md"
    assert capsys.readouterr().out.strip() == str(written)
    # The scaffold writes exactly the template the guide starts with.
    assert written.read_text(encoding="utf-8") == template().split("\nOptional:")[0].rstrip("\n") + "\n"


def test_links_to_repository_files_exist():
    for path in re.findall(re.escape(REPO_URL) + r"/(?:blob|tree)/main/([\w./-]+)", GUIDE):
        assert (ROOT / path).exists(), path


def test_readme_gives_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python3 scripts/dev.py serve" in readme
    assert "python3 scripts/dev.py test" in readme
    assert "CC BY 4.0" in readme and "Open Government Licence" in readme and "MIT" in readme
