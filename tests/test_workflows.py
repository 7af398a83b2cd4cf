"""The GitHub Actions workflows, templates and pre-commit config: valid YAML with the
expected triggers, jobs, least-privilege permissions and pinned actions."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    # YAML 1.1 reads the key `on` as the boolean True.
    return workflow.get("on", workflow.get(True))


def steps(job: dict) -> list[dict]:
    return job.get("steps", [])


def uses(workflow: dict) -> list[str]:
    return [step["uses"] for job in workflow["jobs"].values() for step in steps(job) if "uses" in step]


def runs(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in steps(job))


@pytest.mark.parametrize("name", ["pr.yml", "deploy.yml", "links.yml"])
def test_workflow_is_least_privilege_and_pinned(name):
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    workflow = load(name)
    assert workflow["permissions"] == {"contents": "read"}
    assert "concurrency" in workflow
    assert "pull_request_target" not in triggers(workflow)
    assert "secrets." not in text
    for ref in uses(workflow):
        assert PINNED.match(ref), f"{ref} is not pinned to a full commit SHA"
    # Every pin carries a comment naming its release, for people and Dependabot.
    for line in text.splitlines():
        if "uses:" in line:
            assert re.search(r"@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), line
    for job in workflow["jobs"].values():
        assert job.get("timeout-minutes"), "every job has a time limit"
        for step in steps(job):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False


def test_pull_request_workflow():
    workflow = load("pr.yml")
    assert set(triggers(workflow)) >= {"pull_request"}
    jobs = workflow["jobs"]
    assert set(jobs) == {"validate", "test", "build"}
    for job in jobs.values():
        assert "permissions" not in job or job["permissions"] == {"contents": "read"}
    validate = runs(jobs["validate"])
    assert "git diff -z --name-only --diff-filter=ACMR" in validate
    assert '"$BASE_SHA"...HEAD -- records/ > changed-records' in validate  # every file, not only *.md
    assert "python scripts/validate.py --github < changed-records" in validate
    assert "python scripts/validate.py --github" in validate.splitlines()[-1]
    # The base commit reaches the shell through the environment, never pasted into the script.
    assert "${{" not in validate
    assert "python3 scripts/dev.py test" in runs(jobs["test"])
    assert "mkdocs build --strict" in runs(jobs["build"])
    upload = [s for s in steps(jobs["build"]) if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert upload and upload[0]["with"]["path"] == "site/"
    for job in jobs.values():
        setup = [s for s in steps(job) if s.get("uses", "").startswith("actions/setup-python@")]
        assert setup and setup[0]["with"]["cache"] == "pip"
        assert "requirements" in setup[0]["with"]["cache-dependency-path"]


def test_deploy_workflow_uses_official_pages_actions():
    workflow = load("deploy.yml")
    assert triggers(workflow)["push"]["branches"] == ["main"]
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    actions = [ref.split("@")[0] for ref in uses(workflow)]
    assert actions.index("actions/configure-pages") < actions.index("actions/upload-pages-artifact")
    assert [s["uses"].split("@")[0] for s in steps(deploy)] == ["actions/deploy-pages"]
    assert "mkdocs build --strict" in runs(build)
    assert workflow["concurrency"]["cancel-in-progress"] is False


def test_links_workflow_runs_weekly_and_reports():
    workflow = load("links.yml")
    on = triggers(workflow)
    (schedule,) = on["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert (day, month) == ("*", "*") and weekday.isdigit()
    assert "workflow_dispatch" in on
    job = workflow["jobs"]["links"]
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    assert "python scripts/check_links.py" in runs(job)
    assert "gh issue create" in runs(job)


def test_ci_run_calls_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line for line in ci.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert "python3 scripts/dev.py test" in commands
    assert (ROOT / ".ci" / "run").stat().st_mode & 0o111
    assert "python3 scripts/dev.py test" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_test_command_prints_the_slowest_tests():
    """pytest's own options (pyproject.toml) apply to CI's run and a local one alike."""
    options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    assert "--durations=15" in options["addopts"].split()


def test_pull_request_template_has_a_checklist():
    text = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    assert 3 <= text.count("- [ ]") <= 7
    assert "report_url" in text and "scripts/validate.py" in text


def test_issue_form_maps_to_record_fields():
    from inspections.schema import GRADES, JUDGEMENTS, KINDS, grades_of_judgement

    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "new-inspection.yml").read_text(encoding="utf-8"))
    assert form["name"] == "Report a newly published inspection"
    fields = {item["id"]: item for item in form["body"] if "id" in item}
    for name in ("council", "kind", "published", "inspection_start", "inspection_end", "inspection_type",
                 "lead_inspector", "report_url", "sources"):
        assert name in fields
        assert f"`{name}`" in fields[name]["attributes"]["label"]
    assert [o.split(":")[0] for o in fields["kind"]["attributes"]["options"]] == list(KINDS)
    # Every judgement on today's scale (the form reports new inspections; 2013's scale is history).
    for key in (k for k in JUDGEMENTS if grades_of_judgement(k)[: len(GRADES)] == GRADES):
        dropdown = fields[f"grade-{key}"]
        assert dropdown["type"] == "dropdown"
        assert dropdown["attributes"]["options"][: len(GRADES)] == list(GRADES)
    ids = [item["id"] for item in form["body"] if "id" in item]
    assert len(ids) == len(set(ids))
    config = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "config.yml").read_text(encoding="utf-8"))
    assert all(link["url"].startswith("https://") for link in config["contact_links"])


def test_pre_commit_runs_the_validator_and_a_pinned_linter():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: (repo, hook) for repo in config["repos"] for hook in repo["hooks"]}
    repo, validate = hooks["validate-records"]
    assert validate["entry"] == "python scripts/validate.py" and validate["files"] == "^records/"
    repo, ruff = hooks["ruff-check"]
    dev_pins = (ROOT / "requirements-dev.txt").read_text(encoding="utf-8")
    assert f"ruff=={repo['rev'].lstrip('v')}" in dev_pins


def test_weekly_update_opens_a_pull_request_with_least_privilege():
    text = (WORKFLOWS / "update.yml").read_text(encoding="utf-8")
    workflow = load("update.yml")
    on = triggers(workflow)
    assert set(on) == {"schedule", "workflow_dispatch"}
    assert "pull_request_target" not in on
    assert workflow["permissions"] == {"contents": "read"}
    [job] = workflow["jobs"].values()
    # Only this job may write, and only what opening a pull request needs.
    assert job["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert job.get("timeout-minutes")
    for ref in uses(workflow):
        assert PINNED.match(ref), f"{ref} is not pinned to a full commit SHA"
    checkout = [s for s in steps(job) if s.get("uses", "").startswith("actions/checkout@")]
    assert checkout[0]["with"]["persist-credentials"] is False
    commands = runs(job)
    assert "python scripts/update.py --summary update-summary.md" in commands
    assert "python scripts/validate.py --github > validation.txt" in commands
    assert "gh pr create" in commands and "--body-file update-summary.md" in commands
    assert "secrets." not in text
    # Untrusted text (the summary) reaches gh as a file, never pasted into the script.
    assert "${{" not in commands
