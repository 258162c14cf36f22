"""``arsync bank parse`` and ``arsync bank formats`` as a user runs them."""

from __future__ import annotations

import json


def test_parse_json_has_the_design_shape_with_amounts_as_strings(run_arsync, statement) -> None:
    path = statement(
        "s.csv",
        "date,amount,currency,description,counterparty,reference,bank_id\n"
        "2024-05-01,1234.50,EUR,Payment,ACME,RF18539007547034,b1\n",
    )
    result = run_arsync("bank", "parse", str(path), "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    (tx,) = doc["transactions"]
    assert tx["date"] == "2024-05-01" and tx["amount"] == "1234.50" and tx["currency"] == "EUR"
    assert tx["counterparty"] == "ACME" and tx["bank_id"] == "b1" and tx["reference"] == "RF18539007547034"
    assert tx["source"] == {"file": str(path), "line": 2}
    assert {"items", "references", "value_date", "status"} <= set(tx)
    assert {"duplicates", "near_duplicates", "skipped", "files"} <= set(doc)


def test_parse_error_exits_non_zero_and_prints_nothing_on_stdout(run_arsync, statement) -> None:
    path = statement("s.csv", "date,amount,currency,description\n2024-05-01,1.00,EUR,ok\n2024-05-02,abc,EUR,bad\n")
    result = run_arsync("bank", "parse", str(path), "--json")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "arsync: error:" in result.stderr and "s.csv:3" in result.stderr and "'abc'" in result.stderr


def test_skip_bad_rows_reports_the_skipped_rows(run_arsync, statement) -> None:
    path = statement("s.csv", "date,amount,currency,description\n2024-05-01,1.00,EUR,ok\n2024-05-02,abc,EUR,bad\n")
    result = run_arsync("bank", "parse", str(path), "--json", "--skip-bad-rows")
    assert result.returncode == 0
    doc = json.loads(result.stdout)
    assert len(doc["transactions"]) == 1
    assert doc["skipped"][0]["line"] == 3


def test_formats_lists_structured_formats_and_profiles(run_arsync) -> None:
    result = run_arsync("bank", "formats", "--json")
    assert result.returncode == 0, result.stderr
    names = {f["name"]: f["kind"] for f in json.loads(result.stdout)["formats"]}
    assert names["camt.053"] == "structured" and names["mt940"] == "structured" and names["bai2"] == "structured"
    assert names["chase-checking"] == "csv" and names["generic"] == "csv"


def test_formats_include_a_plugins_dir_profile(run_arsync, tmp_path) -> None:
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "mybank.yaml").write_text(
        "name: mybank\ndescription: My bank\nheader: {columns: [When, Sum]}\n"
        "date: {col: When, formats: ['%Y-%m-%d']}\namount: {mode: signed, col: Sum}\ncurrency: {fixed: EUR}\n"
    )
    result = run_arsync("--plugins-dir", str(plugins), "bank", "formats")
    assert result.returncode == 0, result.stderr
    assert "mybank" in result.stdout and "My bank" in result.stdout
