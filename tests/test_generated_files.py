"""write_or_check: the one way generated files are written, or checked with --check."""

from __future__ import annotations

import os

import _common
import gen_schema
import pytest
from inspections.write import write_or_check

COMMAND = "python scripts/gen_example.py"


def test_a_missing_file_is_written(tmp_path):
    target = tmp_path / "out" / "example.json"
    done = write_or_check(target, "{}\n", check=False, command=COMMAND, shown="out/example.json")
    assert (done.ok, done.status, done.message) == (True, "written", "wrote out/example.json")
    assert target.read_bytes() == b"{}\n"


def test_a_missing_file_fails_the_check_and_says_how_to_make_it(tmp_path):
    target = tmp_path / "example.json"
    done = write_or_check(target, "{}\n", check=True, command=COMMAND, shown="example.json")
    assert not done.ok and done.status == "missing"
    assert done.message == f"example.json is missing: run {COMMAND} to write it, and commit it"
    assert not target.exists()


def test_an_up_to_date_file_passes_and_is_left_alone(tmp_path):
    target = tmp_path / "example.txt"
    target.write_text("one\ntwo\n", encoding="utf-8")
    os.utime(target, (1_000_000, 1_000_000))
    for check in (True, False):
        done = write_or_check(target, "one\ntwo\n", check=check, command=COMMAND, shown="example.txt")
        assert (done.ok, done.status, done.message) == (True, "up to date", "example.txt is up to date")
    assert target.stat().st_mtime == 1_000_000


def test_a_stale_file_fails_the_check_with_the_line_and_the_command(tmp_path):
    target = tmp_path / "example.txt"
    target.write_text("one\ntwo\nthree\n", encoding="utf-8")
    done = write_or_check(target, "one\n2\nthree\n", check=True, command=COMMAND, shown="example.txt")
    assert not done.ok and done.status == "stale"
    assert done.message == (f"example.txt is out of date (it differs from what the code makes from line 2): "
                            f"run {COMMAND} and commit the result")
    assert target.read_text(encoding="utf-8") == "one\ntwo\nthree\n"  # a check never writes


def test_a_stale_file_is_rewritten_without_check(tmp_path):
    target = tmp_path / "example.txt"
    target.write_bytes(b"old\r\n")
    done = write_or_check(target, "new\n", check=False, command=COMMAND)
    assert done.ok and done.message == f"wrote {target}"
    assert target.read_bytes() == b"new\n"  # one line ending on every system


def test_refresh_prints_each_file_and_fails_on_any_stale(tmp_path, capsys):
    fresh, stale = tmp_path / "fresh.txt", tmp_path / "stale.txt"
    fresh.write_text("a\n", encoding="utf-8")
    stale.write_text("b\n", encoding="utf-8")
    assert _common.refresh({fresh: "a\n", stale: "c\n"}, check=True, command=COMMAND) == 1
    out, err = capsys.readouterr()
    assert out == f"{fresh} is up to date\n"
    assert err == f"{stale} is out of date (it differs from what the code makes from line 1): run {COMMAND} " \
                  "and commit the result\n"
    assert _common.refresh({fresh: "a\n", stale: "c\n"}, check=False, command=COMMAND) == 0
    assert stale.read_text(encoding="utf-8") == "c\n"


@pytest.mark.parametrize("stale_text", [None, "{}\n"])
def test_a_script_check_fails_on_a_stale_or_missing_file(tmp_path, monkeypatch, capsys, stale_text):
    target = tmp_path / "record.schema.json"
    if stale_text is not None:
        target.write_text(stale_text, encoding="utf-8")
    monkeypatch.setattr(gen_schema, "TARGET", target)
    assert gen_schema.main(["--check"]) == 1
    assert "run python scripts/gen_schema.py" in capsys.readouterr().err
    assert gen_schema.main([]) == 0
    assert gen_schema.main(["--check"]) == 0
    assert capsys.readouterr().out.endswith(f"{target} is up to date\n")
