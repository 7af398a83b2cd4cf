"""Open-data exports, read back with the tools their users have: the csv
module, json + jsonschema, openpyxl and frictionless."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile

import frictionless
import jsonschema
import openpyxl
import pytest
from inspections import columns
from inspections.build import make_build
from inspections.outputs import data_page, downloads
from inspections.reference import json_schema
from inspections.schema import (
    FRAMEWORKS,
    GRADE_LABELS,
    GRADES,
    JUDGEMENT_ORDER,
    KINDS,
    REGION_ONS_CODES,
    REGIONS,
    csv_columns,
)
from opendata_fixtures import AS_OF, HOSTILE, RECORDS, ROOT, make_dataset, real_dataset, real_site
from sitebuild import text

SITE_URL = "https://example.org/inspections/"


@pytest.fixture()
def dataset(tmp_path):
    return make_dataset(tmp_path)


@pytest.fixture()
def site(tmp_path, dataset):
    site_dir = tmp_path / "site"
    downloads.write(make_build(dataset, AS_OF, site_url=SITE_URL), site_dir)
    return site_dir


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def read_json(path):
    return json.loads(path.read_text(encoding="utf-8"))


def unflatten(row: dict) -> dict:
    """An inspections.json row back into record front matter."""
    fields = {}
    for name in ("council", "kind", "framework", "inspection_type", "inspection_start", "inspection_end",
                 "published", "lead_inspector", "report_url"):
        if row[name] is not None:
            fields[name] = row[name]
    judgements = {key: row[key] for key in JUDGEMENT_ORDER if row[key] is not None}
    if judgements:
        fields["judgements"] = judgements
    if row["grades_pending"]:
        fields["grades_pending"] = True
    if row["sources"]:
        fields["sources"] = row["sources"]
    return fields


# --- inspections.csv / .json ------------------------------------------------------


def test_inspections_csv_has_a_row_per_record_with_the_schema_columns(site, dataset):
    text = (site / "data/inspections.csv").read_text(encoding="utf-8")
    assert not text.startswith("\ufeff")
    rows = read_csv(site / "data/inspections.csv")
    assert len(rows) == len(dataset.inspections) == len(RECORDS)
    assert list(rows[0]) == [c.name for c in columns.INSPECTION_COLUMNS]
    assert [name for name in rows[0] if name in csv_columns()] == csv_columns()  # existing columns keep their order
    order = [(r["council"], r["published"]) for r in rows]
    assert order == sorted(order)
    assert [r["id"] for r in rows][:3] == [
        "alpha/2019-11-04-full-inspection", "alpha/2022-03-02-focused-visit", "alpha/2024-07-12-full-inspection"]


def test_inspections_csv_values_are_as_recorded(site):
    rows = {r["id"]: r for r in read_csv(site / "data/inspections.csv")}
    alpha_2019 = rows["alpha/2019-11-04-full-inspection"]
    assert alpha_2019["council_name"] == "Alpha & <Sons>"
    assert alpha_2019["region"] == "east-midlands"
    assert alpha_2019["framework"] == "ilacs-2018"
    assert alpha_2019["inspection_type"] == "standard"
    assert alpha_2019["inspection_start"] == "2019-09-23"
    assert alpha_2019["overall_effectiveness"] == "requires_improvement"
    assert alpha_2019["children_in_care_and_care_leavers"] == "good"
    assert alpha_2019["children_in_care"] == ""
    assert alpha_2019["grades_pending"] == "false"
    assert alpha_2019["path"] == "records/alpha/2019-11-04-full-inspection.md"
    visit = rows["alpha/2022-03-02-focused-visit"]
    assert visit["kind"] == "focused-visit" and visit["overall_effectiveness"] == ""
    assert json.loads(visit["sources"]) == [
        {"title": "Council press release; with a semicolon", "url": "https://alpha.example/news"}]
    assert rows["gamma/2015-03-02-full-inspection"]["grades_pending"] == "true"


def test_csv_cells_are_guarded_against_formulas(site):
    rows = {r["id"]: r for r in read_csv(site / "data/inspections.csv")}
    assert rows["alpha/2024-07-12-full-inspection"]["lead_inspector"] == "'" + HOSTILE
    assert rows["beta/2023-03-20-full-inspection"]["lead_inspector"] == "'-minus sign"
    assert rows["beta/2026-06-18-full-inspection"]["lead_inspector"] == "'@mention"
    for row in rows.values():
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value


def test_inspections_json_matches_csv_and_validates(site, dataset):
    rows = read_json(site / "data/inspections.json")
    assert len(rows) == len(dataset.inspections)
    schema = read_json(site / "data/inspections.schema.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(rows, schema, format_checker=jsonschema.FormatChecker())
    assert [list(row) for row in rows] == [[c.name for c in columns.INSPECTION_COLUMNS]] * len(rows)
    by_id = {row["id"]: row for row in rows}
    assert by_id["alpha/2024-07-12-full-inspection"]["lead_inspector"] == HOSTILE  # exact, no guard in JSON
    assert by_id["alpha/2022-03-02-focused-visit"]["overall_effectiveness"] is None
    assert by_id["beta/2026-06-18-full-inspection"]["grades_pending"] is False


def test_json_files_never_hold_angle_brackets_or_ampersands_literally(site):
    """Record text like </script> is \\u-escaped, so pasting the JSON into a page is safe."""
    for path in [*site.glob("data/*.json"), *site.glob("api/councils/*.json"), site / "datapackage.json"]:
        text = path.read_text(encoding="utf-8")
        assert not {"<", ">", "&"} & set(text), path
    assert read_json(site / "api/councils/alpha.json")["name"] == "Alpha & <Sons>"
    assert "\\u003cSons\\u003e" in (site / "data/councils.json").read_text(encoding="utf-8")


def test_inspections_json_rows_are_the_records(site, dataset):
    """Un-flattened, every row is a valid record equal to the record file's front matter."""
    record_schema = json_schema(sorted(dataset.councils))
    fixtures = {f"{r['council']}/{r['published'].isoformat()}-{r['kind']}": r for r in RECORDS}
    for row in read_json(site / "data/inspections.json"):
        fields = unflatten(row)
        jsonschema.validate(fields, record_schema)
        expected = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in fixtures[row["id"]].items()}
        assert fields == expected


def test_a_bad_row_fails_the_published_json_schema(site):
    rows = read_json(site / "data/inspections.json")
    rows[0]["overall_effectiveness"] = "requires improvement"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(rows, read_json(site / "data/inspections.schema.json"))


# --- latest ---------------------------------------------------------------------------


def test_latest_has_one_row_per_current_council(site, dataset):
    rows = read_csv(site / "data/latest.csv")
    current = sorted(slug for slug, c in dataset.councils.items() if c.is_current)
    assert [r["council"] for r in rows] == current
    by_slug = {r["council"]: r for r in rows}
    alpha = by_slug["alpha"]
    assert alpha["inspection_id"] == "alpha/2024-07-12-full-inspection"
    assert alpha["overall_effectiveness"] == "outstanding"
    assert alpha["previous_overall_effectiveness"] == "requires_improvement"
    assert alpha["previous_published"] == "2019-11-04"
    assert alpha["movement"] == "up"
    assert alpha["last_record_id"] == "alpha/2024-07-12-full-inspection"
    beta = by_slug["beta"]  # latest under the 2026 framework: no overall grade
    assert beta["inspection_id"] == "beta/2026-06-18-full-inspection"
    assert beta["overall_effectiveness"] == "" and beta["help_and_protection"] == "requires_improvement"
    assert beta["movement"] == "none"
    delta = by_slug["delta"]  # nothing on record
    assert delta["inspection_id"] == "" and delta["movement"] == "none" and delta["last_record_id"] == ""
    latest_json = read_json(site / "data/latest.json")
    jsonschema.validate(latest_json, read_json(site / "data/latest.schema.json"),
                        format_checker=jsonschema.FormatChecker())
    assert [r["council"] for r in latest_json] == current
    assert latest_json[0]["ofsted_urn"] == 1001


# --- registry and API ---------------------------------------------------------------------


def test_councils_json_is_the_registry(site, dataset):
    councils = read_json(site / "data/councils.json")
    jsonschema.validate(councils, read_json(site / "data/councils.schema.json"))
    assert [c["slug"] for c in councils] == sorted(dataset.councils)
    gamma = next(c for c in councils if c["slug"] == "gamma")
    assert gamma["status"] == "former" and gamma["successors"] == ["alpha"]
    alpha = next(c for c in councils if c["slug"] == "alpha")
    assert alpha["links"]["api"] == SITE_URL + "api/councils/alpha.json"
    assert alpha["latitude"] == 52.5
    rows = read_csv(site / "data/councils.csv")
    assert len(rows) == len(dataset.councils)
    assert json.loads(next(r for r in rows if r["slug"] == "alpha")["statistical_neighbours"]) == ["beta"]
    assert next(r for r in rows if r["slug"] == "beta")["longitude"] == "-0.1"  # a number, not guarded text


def test_council_api_has_every_council_and_every_inspection(site, dataset):
    record_schema = json_schema(sorted(dataset.councils))
    files = sorted(p.stem for p in (site / "api/councils").glob("*.json"))
    assert files == sorted(dataset.councils)  # former councils too
    alpha = read_json(site / "api/councils/alpha.json")
    assert alpha["name"] == "Alpha & <Sons>" and alpha["ofsted_urn"] == 1001
    assert [i["id"] for i in alpha["inspections"]] == [
        "alpha/2024-07-12-full-inspection", "alpha/2022-03-02-focused-visit", "alpha/2019-11-04-full-inspection"]
    newest = alpha["inspections"][0]
    assert newest["judgements"] == {"overall_effectiveness": "outstanding", "impact_of_leaders": "outstanding",
                                    "help_and_protection": "good", "children_in_care": "outstanding",
                                    "care_leavers": "outstanding"}
    assert "from requires improvement to outstanding" in newest["changes"]
    assert newest["url"] == SITE_URL + "councils/alpha/#alpha-2024-07-12-full-inspection"
    assert alpha["latest"]["movement"] == "up"
    for slug in dataset.councils:
        for inspection in read_json(site / f"api/councils/{slug}.json")["inspections"]:
            fields = {k: v for k, v in inspection.items()
                      if k not in ("id", "changes", "notes", "path", "url") and v not in (None, [], {}, False)}
            jsonschema.validate(fields, record_schema)
    assert read_json(site / "api/councils/delta.json")["inspections"] == []
    assert read_json(site / "api/councils/delta.json")["latest"] is None


# --- workbook ------------------------------------------------------------------------------


def test_workbook_opens_with_sheets_rows_frozen_header_and_filters(site, dataset):
    wb = openpyxl.load_workbook(site / "data/ilacs.xlsx")
    assert wb.sheetnames == ["Latest", "All inspections", "Councils", "Neighbours", "About"]
    expected_rows = {"Latest": 3, "All inspections": len(dataset.inspections), "Councils": len(dataset.councils)}
    for name, rows in expected_rows.items():
        ws = wb[name]
        assert ws.max_row == rows + 1, name
        assert ws.freeze_panes == "A2", name
        assert ws.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(ws.max_column)}{rows + 1}", name
        assert all(cell.font.bold for cell in ws[1])
    header = [c.value for c in wb["All inspections"][1]]
    assert header == [c.name for c in columns.INSPECTION_COLUMNS]
    widths = wb["All inspections"].column_dimensions
    assert widths["A"].width >= len("alpha/2019-11-04-full-inspection")
    about = "\n".join(str(c.value) for row in wb["About"].iter_rows() for c in row if c.value)
    assert "Open Government Licence v3.0" in about and "CC BY 4.0" in about
    assert "ofsted" in about.lower() and "2026-07-01" in about
    # Readers that trust the stored used range (openpyxl read-only, import tools) see the same rows.
    streamed = openpyxl.load_workbook(site / "data/ilacs.xlsx", read_only=True)
    for name in wb.sheetnames:
        assert (streamed[name].max_row, streamed[name].max_column) == (wb[name].max_row, wb[name].max_column), name


def test_workbook_about_sheet_says_how_current_the_records_are(dataset):
    """From the records (newest publication, latest check), not only the build's date."""
    import dataclasses
    import io

    first, *rest = dataset.inspections
    checked = dataclasses.replace(dataset, inspections=(dataclasses.replace(first, checked_on=dt.date(2026, 6, 30)),
                                                        *rest))
    data = downloads.files(make_build(checked, AS_OF, site_url=SITE_URL))["data/ilacs.xlsx"]
    about = {row[0]: row[1] for row in openpyxl.load_workbook(io.BytesIO(data))["About"].iter_rows(values_only=True)
             if row and row[0]}
    assert about["Inspections published up to"].date() == max(i.published for i in dataset.inspections)
    assert about["Records last checked against Ofsted"].date() == dt.date(2026, 6, 30)
    assert about["Data as of"].date() == AS_OF
    unchecked = downloads.files(make_build(dataset, AS_OF, site_url=SITE_URL))["data/ilacs.xlsx"]
    about = [row[0] for row in openpyxl.load_workbook(io.BytesIO(unchecked))["About"].iter_rows(values_only=True)]
    assert "Records last checked against Ofsted" not in about  # nothing checked: nothing claimed


def test_workbook_values_are_typed_and_hostile_text_is_text(site):
    wb = openpyxl.load_workbook(site / "data/ilacs.xlsx")
    ws = wb["All inspections"]
    header = [c.value for c in ws[1]]
    rows = {r[0].value: dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2)}
    hostile = rows["alpha/2024-07-12-full-inspection"]["lead_inspector"]
    assert hostile.value == HOSTILE and hostile.data_type == "s"
    assert rows["alpha/2019-11-04-full-inspection"]["published"].value == dt.datetime(2019, 11, 4)
    assert rows["alpha/2019-11-04-full-inspection"]["report_url"].hyperlink.target == \
        "https://files.ofsted.gov.uk/v1/file/2"
    with zipfile.ZipFile(site / "data/ilacs.xlsx") as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name), name


def test_workbook_bytes_are_reproducible_and_dated_as_of(tmp_path, dataset):
    first = downloads.files(make_build(dataset, AS_OF, site_url=SITE_URL))["data/ilacs.xlsx"]
    second = downloads.files(make_build(dataset, AS_OF, site_url=SITE_URL))["data/ilacs.xlsx"]
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2026, 7, 1, 0, 0, 0)}
    wb = openpyxl.load_workbook(io.BytesIO(first))
    assert wb.properties.created == wb.properties.modified == dt.datetime(2026, 7, 1)
    later = downloads.files(make_build(dataset, dt.date(2026, 8, 1), site_url=SITE_URL))["data/ilacs.xlsx"]
    assert later != first


# --- labels in words beside the codes ----------------------------------------------------


def test_latest_and_inspections_carry_grade_and_region_labels_in_words(site):
    for table in ("latest", "inspections"):
        rows = read_csv(site / f"data/{table}.csv")
        for row in rows:
            assert row["region_name"] == REGIONS[row["region"]], table
            for key in JUDGEMENT_ORDER:
                label = row[f"{key}_label"]
                assert label == (GRADE_LABELS[row[key]] if row[key] else ""), (table, key)
                assert "_" not in label and "-" not in label
    latest = {r["council"]: r for r in read_csv(site / "data/latest.csv")}
    alpha = latest["alpha"]
    assert alpha["overall_effectiveness_label"] == "Outstanding"
    assert alpha["previous_overall_effectiveness_label"] == "Requires improvement"
    assert alpha["region_name"] == "East Midlands" and alpha["region_ons_code"] == "E12000004"
    assert alpha["la_number"] == "801"
    assert all(r["region_ons_code"] == REGION_ONS_CODES[r["region"]] for r in latest.values())
    header = list(alpha)
    # The columns latest.csv had keep their order; the new ones sit beside what they describe.
    old = [c for c in header if not c.endswith("_label") and c not in ("region_name", "region_ons_code")]
    assert old[:7] == ["council", "council_name", "region", "council_type", "ofsted_urn", "la_number", "ons_code"]
    assert header.index("region_name") == header.index("region") + 1
    assert header.index("region_ons_code") == header.index("region_name") + 1
    assert header.index("overall_effectiveness_label") > header.index("overall_effectiveness")
    latest_json = read_json(site / "data/latest.json")
    assert latest_json[0]["region_ons_code"] == "E12000004"
    assert latest_json[1]["overall_effectiveness_label"] is None  # beta: no overall grade since 2026


# --- neighbours ------------------------------------------------------------------------------


def test_neighbours_table_has_a_row_per_council_and_neighbour(site, dataset):
    rows = read_csv(site / "data/neighbours.csv")
    assert [(r["council"], r["rank"], r["neighbour"]) for r in rows] == [("alpha", "1", "beta")]
    row = rows[0]
    assert row["council_name"] == "Alpha & <Sons>" and row["neighbour_name"] == "Beta"
    latest = {r["council"]: r for r in read_csv(site / "data/latest.csv")}
    for key in columns.NEIGHBOUR_JUDGEMENTS:
        assert row[key] == latest["beta"][key], key
        assert row[f"{key}_label"] == latest["beta"][f"{key}_label"], key
        assert row[f"council_{key}"] == latest["alpha"][key], key
        assert row[f"council_{key}_label"] == latest["alpha"][f"{key}_label"], key
    assert row["help_and_protection_label"] == "Requires improvement"
    assert row["overall_effectiveness_label"] == ""  # beta's latest (2026) has no overall grade
    assert row["council_overall_effectiveness_label"] == "Outstanding"
    assert row["neighbour_published"] == "2026-06-18"
    as_json = read_json(site / "data/neighbours.json")
    jsonschema.validate(as_json, read_json(site / "data/neighbours.schema.json"),
                        format_checker=jsonschema.FormatChecker())
    assert as_json[0]["rank"] == 1 and as_json[0]["neighbour"] == "beta"


def test_workbook_has_a_neighbours_sheet_in_words(site):
    wb = openpyxl.load_workbook(site / "data/ilacs.xlsx")
    ws = wb["Neighbours"]
    values = [[c.value for c in row] for row in ws.iter_rows()]
    header, rows = values[0], values[1:]
    assert header[:3] == ["Council", "Neighbour rank", "Compared council"]
    assert "Overall effectiveness" in header and "Help and protection" in header
    assert [row[:3] for row in rows] == [["Alpha & <Sons>", None, "Alpha & <Sons>"],
                                         ["Alpha & <Sons>", 1, "Beta"]]
    beta = dict(zip(header, rows[1], strict=True))
    assert beta["Overall effectiveness"] == "No overall grade"
    assert beta["Help and protection"] == "Requires improvement"
    assert ws.freeze_panes == "A2"
    about = [c.value for row in wb["About"].iter_rows() for c in row if c.value]
    assert "Neighbours" in about


# --- data package ----------------------------------------------------------------------------


def test_data_package_is_valid(site):
    report = frictionless.validate(str(site / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = read_json(site / "datapackage.json")
    assert {r["name"] for r in package["resources"]} == {"inspections", "latest", "councils", "neighbours"}
    assert {lic["name"] for lic in package["licenses"]} == {"OGL-UK-3.0", "CC-BY-4.0"}
    inspections = next(r for r in package["resources"] if r["name"] == "inspections")
    fields = {f["name"]: f for f in inspections["schema"]["fields"]}
    assert list(fields) == [c.name for c in columns.INSPECTION_COLUMNS]
    assert fields["overall_effectiveness"]["constraints"]["enum"] == list(GRADES)
    assert fields["kind"]["constraints"]["enum"] == list(KINDS)
    assert fields["framework"]["constraints"]["enum"] == list(FRAMEWORKS)
    assert fields["published"]["type"] == "date"
    assert package["created"] == "2026-07-01T00:00:00Z"


def test_data_package_catches_a_bad_grade(site):
    """The package's constraints are real: a grade outside the vocabulary fails."""
    path = site / "data/inspections.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",outstanding,", ",brilliant,", 1), encoding="utf-8")
    package = read_json(site / "datapackage.json")
    for resource in package["resources"]:  # the hash would fail first; check the constraint itself
        resource.pop("hash"), resource.pop("bytes")
    (site / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    report = frictionless.validate(str(site / "datapackage.json"))
    assert not report.valid
    assert "constraint-error" in {error[1] for error in report.flatten(["fieldName", "type"])}


def test_data_package_holds_neighbours_to_the_registry(site):
    """Both slugs of a neighbours row are councils: a neighbour missing from
    the registry fails validation."""
    package = read_json(site / "datapackage.json")
    neighbours = next(r for r in package["resources"] if r["name"] == "neighbours")
    assert [fk["fields"] for fk in neighbours["schema"]["foreignKeys"]] == [["council"], ["neighbour"]]
    path = site / "data/neighbours.csv"
    header = path.read_text(encoding="utf-8").split("\r\n")[0].split(",")
    known = {"council": "alpha", "council_name": "Alphashire", "rank": "1", "neighbour": "atlantis",
             "neighbour_name": "Atlantis"}
    row = ",".join(known.get(name, "") for name in header)
    with path.open("a", encoding="utf-8", newline="") as out:
        out.write(row + "\r\n")
    for resource in package["resources"]:  # the hash would fail first; check the key itself
        resource.pop("hash"), resource.pop("bytes")
    (site / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    report = frictionless.validate(str(site / "datapackage.json"))
    assert not report.valid
    assert "foreign-key" in {error[1] for error in report.flatten(["fieldName", "type"])}


# --- the whole set ------------------------------------------------------------------------------


def test_write_all_is_byte_identical_twice(tmp_path, dataset):
    one, two = tmp_path / "one", tmp_path / "two"
    paths = downloads.write(make_build(dataset, AS_OF, site_url=SITE_URL), one)
    assert paths == downloads.write(make_build(dataset, AS_OF, site_url=SITE_URL), two)
    for path in paths:
        assert (one / path).read_bytes() == (two / path).read_bytes(), path
    expected = {"data/inspections.csv", "data/inspections.json", "data/latest.csv", "data/latest.json",
                "data/councils.csv", "data/councils.json", "data/ilacs.xlsx", "datapackage.json", "feed.xml",
                "data/inspections.schema.json", "data/latest.schema.json", "data/councils.schema.json",
                "data/neighbours.csv", "data/neighbours.json", "data/neighbours.schema.json"}
    assert expected <= set(paths)
    assert {f"api/councils/{s}.json" for s in dataset.councils} <= set(paths)
    assert {f"councils/{s}/feed.xml" for s in dataset.councils} <= set(paths)


def test_without_site_url_links_are_relative_to_the_site_root(tmp_path, dataset):
    files = downloads.files(make_build(dataset, AS_OF))
    alpha = json.loads(files["api/councils/alpha.json"])
    assert alpha["links"]["page"] == "councils/alpha/"
    assert "homepage" not in json.loads(files["datapackage.json"])


# --- the Data page ---------------------------------------------------------------------------------


def test_data_page_documents_every_column_and_value(dataset):
    from inspections.templating import md_text

    page = data_page.build(make_build(dataset, AS_OF, site_url=SITE_URL))["data.md"]
    for table in columns.TABLES.values():
        for column in table:
            assert f"| <code>{md_text(column.name)}</code> |" in page, column.name
    for value in [*GRADES, *KINDS, *FRAMEWORKS, *REGIONS, *columns.MOVEMENTS]:
        assert f"| <code>{md_text(value)}</code> |" in page, value
    for path in ("data/inspections.csv", "data/inspections.json", "data/latest.csv", "data/latest.json",
                 "data/councils.json", "data/neighbours.csv", "data/neighbours.json", "data/ilacs.xlsx",
                 "datapackage.json", "feed.xml",
                 "api/councils/alpha.json", "councils/alpha/feed.xml"):
        assert f'href="../{path}"' in page, path
    assert "Open Government Licence v3.0" in page and "CC BY 4.0" in page
    newest = max(i.published for i in dataset.inspections)
    assert "How to cite" in page and f"Version {AS_OF.isoformat()}" in page
    assert f"inspections published up to {newest.day} {newest:%B %Y}" in page
    assert "leading apostrophe" in page.lower()


# --- the real site, built with mkdocs build --strict ---------------------------------------


@pytest.fixture(scope="module")
def built():
    site = real_site()
    assert site.ok, site.log
    return site


@pytest.mark.slow
def test_real_exports_hold_every_record(built):
    dataset = real_dataset()
    record_files = sorted((ROOT / "records").glob("*/*.md"))
    rows = read_csv(built.site_dir / "data/inspections.csv")
    assert len(rows) == len(record_files) == len(dataset.inspections)
    assert {r["path"] for r in rows} == {p.relative_to(ROOT).as_posix() for p in record_files}
    assert len(read_json(built.site_dir / "data/inspections.json")) == len(record_files)
    assert len(read_csv(built.site_dir / "data/latest.csv")) == 153
    assert len(read_json(built.site_dir / "data/councils.json")) == len(dataset.councils) == 156
    assert sorted(p.stem for p in (built.site_dir / "api/councils").glob("*.json")) == sorted(dataset.councils)
    report = frictionless.validate(str(built.site_dir / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    jsonschema.validate(read_json(built.site_dir / "data/inspections.json"),
                        read_json(built.site_dir / "data/inspections.schema.json"))
    wb = openpyxl.load_workbook(built.site_dir / "data/ilacs.xlsx", read_only=True)
    assert [wb[name].max_row for name in wb.sheetnames[:3]] == [154, len(record_files) + 1, 157]
    assert wb["Neighbours"].max_row == 153 * 11 + 1


@pytest.mark.slow
@pytest.mark.parametrize("slug", ["leicestershire", "brent", "northamptonshire", "cumberland"])
def test_real_values_match_the_records(built, slug):
    dataset = real_dataset()
    rows = [r for r in read_csv(built.site_dir / "data/inspections.csv") if r["council"] == slug]
    records = dataset.for_council(slug)
    assert [r["id"] for r in rows] == [i.id for i in records]
    for row, record in zip(rows, records, strict=True):
        assert row["published"] == record.published.isoformat()
        assert row["framework"] == record.framework and row["kind"] == record.kind
        assert row["report_url"] == (record.report_url or "")
        for key in JUDGEMENT_ORDER:
            assert row[key] == record.judgements.get(key, ""), (record.id, key)
    api = read_json(built.site_dir / f"api/councils/{slug}.json")
    assert [i["id"] for i in api["inspections"]] == [i.id for i in reversed(records)]
    latest = {r["council"]: r for r in read_csv(built.site_dir / "data/latest.csv")}
    if dataset.councils[slug].is_current:
        graded = [i for i in records if i.graded and i.judgements]
        assert latest[slug]["inspection_id"] == (graded[-1].id if graded else "")
    else:
        assert slug not in latest


def _page_neighbours(soup) -> list[list[str]]:
    """The council page's neighbour table as text: each row's council name and
    grades in full words (the visually hidden full label where the cell shows a short one)."""
    table = soup.find("table", id="neighbours-table")
    rows = []
    for tr in table.tbody.find_all("tr"):
        name = text(tr.th.find("a"))
        cells = [text(td.find(class_="visually-hidden") or td) for td in tr.find_all("td")]
        rows.append([name, *cells])
    return rows


@pytest.mark.slow
@pytest.mark.parametrize("slug", ["leicestershire", "brent", "cumberland"])
def test_real_workbook_neighbours_match_the_council_page(built, slug):
    dataset = real_dataset()
    council = dataset.councils[slug]
    page_rows = _page_neighbours(built.page(f"councils/{slug}/"))
    wb = openpyxl.load_workbook(built.site_dir / "data/ilacs.xlsx", read_only=True)
    sheet = list(wb["Neighbours"].iter_rows(values_only=True))
    header = list(sheet[0])
    grade_columns = [header.index(h) for h in header[3:] if h != "Latest graded inspection published"]
    mine = [row for row in sheet[1:] if row[0] == council.name]
    assert len(mine) == 11 == len(page_rows)
    assert [row[1] for row in mine] == [None, *range(1, 11)]
    assert [[row[2], *(row[i] or "" for i in grade_columns)] for row in mine] == page_rows
    assert page_rows[0][0] == council.name
    names = [dataset.councils[n].name for n in council.statistical_neighbours]
    assert [row[0] for row in page_rows[1:]] == names


@pytest.mark.slow
def test_real_neighbours_csv_has_ten_ranked_rows_per_council(built):
    latest = {r["council"]: r for r in read_csv(built.site_dir / "data/latest.csv")}
    rows = read_csv(built.site_dir / "data/neighbours.csv")
    by_council: dict[str, list[dict]] = {}
    for row in rows:
        by_council.setdefault(row["council"], []).append(row)
    assert set(by_council) == set(latest)
    for slug, mine in by_council.items():
        assert [r["rank"] for r in mine] == [str(n) for n in range(1, 11)], slug
        for row in mine:
            for key in columns.NEIGHBOUR_JUDGEMENTS:
                assert row[key] == latest[row["neighbour"]][key], (slug, row["neighbour"], key)
                assert row[f"council_{key}"] == latest[slug][key]
                assert "_" not in row[f"{key}_label"]
    assert {r["region_name"] for r in latest.values()} == set(REGIONS.values())


@pytest.mark.slow
def test_real_data_page_is_in_the_nav_and_its_links_resolve(built):
    page = built.page("data/")
    nav = [a.get_text(strip=True) for a in built.page("").select("nav.md-nav--primary a")]
    assert "Data" in nav
    hrefs = [a["href"] for a in page.select("article a[href]")
             if not a["href"].startswith(("#", "http://", "https://"))]
    downloads = [h for h in hrefs if h.endswith((".csv", ".json", ".xlsx", ".xml"))]
    assert len(downloads) >= 12
    for href in downloads:
        assert (built.site_dir / "data" / href).resolve().is_file(), href
    columns = {code.get_text() for code in page.select("td code")}
    assert set(csv_columns()) <= columns
