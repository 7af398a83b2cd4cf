"""The benchmark script works end to end at a tiny size (not a timed test:
no figure is compared with a threshold here, only checked to be present and
sane)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from inspections import sanitize, synthetic
from inspections.dataset import load_councils, load_dataset

ROOT = Path(__file__).resolve().parent.parent


def test_synthetic_records_are_valid_spread_and_never_in_the_future(tmp_path):
    records = tmp_path / "records"
    records.mkdir()
    (records / "councils.yml").write_bytes((ROOT / "records" / "councils.yml").read_bytes())
    councils = load_councils(records / "councils.yml")
    latest = dt.date(2026, 6, 18)
    made = list(synthetic.generate(councils, 1200, latest=latest))
    assert len({path for path, _ in made}) == 1200  # unique paths
    for path, text in made:
        (records / path).parent.mkdir(exist_ok=True)
        (records / path).write_text(text, encoding="utf-8")
    dataset = load_dataset(records, today=latest)  # raises RecordsInvalid on any problem
    assert len(dataset.inspections) == 1200
    assert {i.kind for i in dataset.inspections} == {"full-inspection", "focused-visit", "monitoring-visit", "jtai"}
    assert {i.framework for i in dataset.inspections} == {"pre-sif", "sif", "ilacs-2018", "ilacs-2023", "ilacs-2026"}
    assert {i.council for i in dataset.inspections} == {c.slug for c in councils.values() if c.is_current}
    assert max(i.published for i in dataset.inspections) <= latest
    assert all(i.body.count("\n\n") >= 2 for i in dataset.inspections)  # a few paragraphs each
    # Same inputs, same files: two machines benchmark the same thing.
    assert list(synthetic.generate(councils, 50, latest=latest)) == list(synthetic.generate(councils, 50, latest=latest))


@pytest.mark.slow
def test_bench_script_writes_every_figure(tmp_path):
    out = tmp_path / "bench.json"
    profile = tmp_path / "profile.txt"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench.py"), "--sizes", "200", "--runs", "1",
         "--no-hugo", "--no-serve", "--json", str(out), "--profile", str(profile)],
        # Seven builds, four of the real site: over ten minutes on a busy 2-core machine.
        cwd=tmp_path, capture_output=True, text=True, timeout=1800,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-4000:]
    result = json.loads(out.read_text())
    assert set(result["sizes"]) == {"real", "200"}
    assert result["machine"]["cores"] >= 1 and result["machine"]["mkdocs"] and result["machine"]["python"]
    for name, fig in result["sizes"].items():
        assert fig["records"] > 0, name
        for timing in ("yaml_parse", "validator", "hooks_build", "baseline_build"):
            assert fig[timing]["median_s"] > 0, (name, timing)
        for build in ("hooks_build", "baseline_build"):
            assert fig[build]["peak_rss_mb"] > 10, (name, build)
        assert fig["hooks_over_baseline"] > 0 and fig["validator_over_yaml"] > 0
        assert fig["hugo_build"] == {"skipped": "--no-hugo"}
        for page in ("home", "ratings", "history", "largest_council"):
            assert 0 < fig["pages"][page]["gzip_bytes"] < fig["pages"][page]["bytes"], (name, page)
        assert fig["pages"]["largest_council"]["path"].startswith("/councils/")
        assert fig["pages"]["site_bytes"] > fig["pages"]["ratings"]["bytes"]
    assert result["sizes"]["200"]["records"] == 200
    targets = {t["target"] for t in result["targets"]}
    assert any("25%" in t for t in targets) and any("60 KB" in t for t in targets) and any("3x" in t for t in targets)
    assert "PASS" in proc.stdout or "FAIL" in proc.stdout
    assert "hooks / baseline" in proc.stdout
    assert "load_dataset" in profile.read_text() or "on_files" in profile.read_text()


# --- the validator's shortcut gives the same answers as rendering ----------------

_PIECES = ["[", "]", "(", ")", "!", "<", ">", "https://a.example/x", "http://", "https://", "javascript:alert(1)",
           "mailto:a@b.example", " ", "\n", "\n\n", "a", "`", "\\", "&amp;", "&#x6a;", "*", ":", "#", "- ", "    ",
           '"t"', "'", "[a](https://a.example)", "![i](https://a.example/i.png)", "[r]: https://x.example", "[r]",
           "<b>", "<https://a.example>", "|", "---", "\u202e", "(https://a.example)", "](", "[x](http://a)"]


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), max_size=25).map("".join))
def test_plainly_safe_bodies_have_no_problems_when_rendered(text):
    """`body_problems` skips rendering bodies it can tell are fine; rendering
    them anyway must find nothing either."""
    fast = sanitize.body_problems(text)
    with mock.patch.object(sanitize, "_plainly_safe", lambda _text: False):
        assert sanitize.body_problems(text) == fast


def test_plainly_safe_is_used_for_ordinary_bodies():
    body = "Some text with [a link](https://www.example.org/x) and **bold**.\n\n- a list item\n"
    assert sanitize._plainly_safe(body)
    assert not sanitize._plainly_safe("![picture](https://www.example.org/x.png)")
    assert not sanitize._plainly_safe("[bad](javascript:alert(1))")
    assert not sanitize._plainly_safe("a <b>tag</b>")
