"""The `community-trigger` command: exit codes, one-line errors, policy files, the policy list."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from domain.hostile import hostile_policies
from hypothesis import HealthCheck, given, settings

from community_trigger.cli import main
from community_trigger.domain.documents import MAX_DOCUMENT_BYTES

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
INSTALLED = Path(sys.executable).parent / "community-trigger"


def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def spec_example() -> dict[str, Any]:
    document: dict[str, Any] = json.loads((EXAMPLES / "spec-example.json").read_text())
    return document


def test_the_installed_command_answers_the_spec_example_as_the_spec_says() -> None:
    completed = subprocess.run(
        [str(INSTALLED), "assess", str(EXAMPLES / "spec-example.json")],
        capture_output=True,
        text=True,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    output = json.loads(completed.stdout)
    # spec/threshold.md section 6, field by field (details other than the one it spells out are "…").
    assert {key: output[key] for key in output if key != "criteria"} == {
        "policy": "test-valley",
        "application_date": "2024-03-01",
        "eligible": True,
        "threshold_met": False,
        "route": None,
        "discretion_available": True,
        "reports": [{"incident": "I1", "index": 0, "by": "P1", "qualifies": True, "reasons": []}],
    }
    assert [(item["id"], item["met"]) for item in output["criteria"]] == [
        ("applicant_consent", True),
        ("not_a_service_complaint", True),
        ("three_complaints", False),
        ("five_individuals", False),
    ]
    assert output["criteria"][2]["detail"] == (
        "P1 made 1 qualifying complaint about separate incidents; 3 are needed"
    )
    assert all(item["detail"] for item in output["criteria"])


def test_the_installed_command_reads_standard_input_and_fails_bad_input_with_exit_2() -> None:
    document = spec_example()
    document["incidents"][0]["date"] = "2024-02-30"

    completed = subprocess.run(
        [str(INSTALLED), "assess"],
        input=json.dumps(document),
        capture_output=True,
        text=True,
        check=False,
    )

    assert completed.returncode == 2
    assert completed.stdout == ""
    assert completed.stderr.count("\n") == 1
    assert "incidents[0].date" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_a_threshold_that_is_not_met_still_exits_0() -> None:
    code, out, err = run("assess", stdin=json.dumps(spec_example()))

    assert (code, err) == (0, "")
    assert json.loads(out)["threshold_met"] is False


@pytest.mark.parametrize(
    ("stdin", "argv", "expected"),
    [
        ("{not json", ["assess"], "not valid JSON"),
        ("[" * 100_000 + "]" * 100_000, ["assess"], "nested too deeply"),
        ("", ["assess"], "not valid JSON"),
        ("[]", ["assess"], "must be an object"),
        ("{}", ["assess", "/no/such/file.json"], "cannot read the input"),
        ("{}", ["assess", "--policy", "/no/such/policy.toml"], "cannot read the policy file"),
        ("{}", ["frobnicate"], "invalid choice"),
        ("{}", [], "required"),
        ("{}", ["assess", "a.json", "b.json"], "unrecognized arguments"),
    ],
)
def test_bad_input_or_usage_exits_2_with_one_line(stdin: str, argv: list[str], expected: str) -> None:
    code, out, err = run(*argv, stdin=stdin)

    assert code == 2
    assert out == ""
    assert err.startswith("community-trigger: error: ")
    assert err.count("\n") == 1
    assert expected in err


HOSTILE_INPUTS = {
    "a lone surrogate": '"\\ud800"',
    "a lone surrogate as a field name": '{"\\ud800": 1}',
    "a lone surrogate as a value": '{"people": "\\ud800"}',
    "an integer of 5,000 digits": "9" * 5000,
    "an integer of 5,000 digits as a value": '{"people": ' + "9" * 5000 + "}",
    "an object nested 100,000 deep": '{"a":' * 100_000 + "1" + "}" * 100_000,
    "a list nested 100,000 deep": "[" * 100_000 + "]" * 100_000,
    "not a number": '{"people": NaN}',
    "a raw surrogate in the text": '{"people": "\udcff"}',
}


def assert_refused_in_one_line(code: int, out: str, err: str) -> None:
    assert code == 2
    assert out == ""
    assert err.startswith("community-trigger: error: ")
    assert err.count("\n") == 1
    assert err.endswith("\n")
    assert "Traceback" not in err


@pytest.mark.parametrize("name", HOSTILE_INPUTS)
def test_a_hostile_input_exits_2_with_one_line(name: str) -> None:
    assert_refused_in_one_line(*run("assess", stdin=HOSTILE_INPUTS[name]))


@pytest.mark.parametrize("name", HOSTILE_INPUTS)
def test_a_hostile_input_file_exits_2_with_one_line(tmp_path: Path, name: str) -> None:
    path = tmp_path / "input.json"
    path.write_text(HOSTILE_INPUTS[name], encoding="utf-8", errors="surrogatepass")

    assert_refused_in_one_line(*run("assess", str(path)))


def test_an_input_over_the_size_limit_exits_2_saying_so(tmp_path: Path) -> None:
    path = tmp_path / "input.json"
    path.write_text(json.dumps(spec_example()) + " " * MAX_DOCUMENT_BYTES)

    code, out, err = run("assess", str(path))

    assert_refused_in_one_line(code, out, err)
    assert "too large" in err


HOSTILE_POLICIES = {
    "toml an integer of 5,000 digits": ("toml", "min_individuals = " + "9" * 5000),
    "toml a lone surrogate escape": ("toml", 'name = "\\ud800"'),
    "toml a list nested 100,000 deep": ("toml", "name = " + "[" * 100_000 + "]" * 100_000),
    "toml a table nested 100,000 deep": ("toml", "name = " + "{a = " * 100_000 + "1" + "}" * 100_000),
    "toml nested 100 deep": ("toml", "name = " + "[" * 100 + "]" * 100),
    "json an integer of 5,000 digits": ("json", '{"min_individuals": ' + "9" * 5000 + "}"),
    "json a lone surrogate as a value": ("json", '{"name": "\\ud800"}'),
    "json a lone surrogate as a field name": ("json", '{"\\ud800": 1}'),
    "json a list nested 100,000 deep": ("json", '{"name": ' + "[" * 100_000 + "]" * 100_000 + "}"),
    "json an object nested 100,000 deep": ("json", '{"a":' * 100_000 + "1" + "}" * 100_000),
    "json not a number": ("json", '{"min_individuals": NaN}'),
}


@pytest.mark.parametrize("name", HOSTILE_POLICIES)
def test_a_hostile_policy_file_exits_2_with_one_line(tmp_path: Path, name: str) -> None:
    suffix, text = HOSTILE_POLICIES[name]
    policy = tmp_path / f"hostile.{suffix}"
    policy.write_text(text)

    assert_refused_in_one_line(*run("assess", "--policy", str(policy), stdin=json.dumps(spec_example())))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policy=hostile_policies())
def test_a_hostile_policy_file_gets_an_answer_or_exits_2_with_one_line(policy: tuple[str, str]) -> None:
    """Huge numbers, lone surrogates, deep nesting and NaN anywhere in a TOML or JSON policy file."""
    suffix, text = policy
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"hostile.{suffix}"
        path.write_text(text, encoding="utf-8")
        code, out, err = run("assess", "--policy", str(path), stdin=json.dumps(spec_example()))

    if code == 0:
        assert err == ""
        assert json.loads(out)["criteria"]
    else:
        assert_refused_in_one_line(code, out, err)


def test_the_installed_command_reads_a_hostile_standard_input_without_a_traceback() -> None:
    completed = subprocess.run(
        [str(INSTALLED), "assess"],
        input=b'{"people": "\\ud800", "x": "\xed\xa0\x80"}',
        capture_output=True,
        check=False,
    )

    assert completed.returncode == 2
    assert completed.stdout == b""
    assert completed.stderr.count(b"\n") == 1
    assert b"Traceback" not in completed.stderr


def test_a_policy_file_replaces_the_built_in_policy(tmp_path: Path) -> None:
    policy = tmp_path / "lenient.toml"
    policy.write_text('id = "lenient"\nmin_complaints = 1\n')

    code, out, _ = run("assess", "--policy", str(policy), stdin=json.dumps(spec_example()))

    assert code == 0
    output = json.loads(out)
    assert output["policy"] == "lenient"
    assert output["threshold_met"] is True
    assert output["route"] == "three_complaints"


def test_a_policy_file_without_an_id_is_named_after_the_file(tmp_path: Path) -> None:
    policy = tmp_path / "hart.json"
    policy.write_text(json.dumps({"hate_incident_route": True, "min_individuals": None}))

    code, out, _ = run("assess", "--policy", str(policy), stdin=json.dumps(spec_example()))

    assert code == 0
    criteria = [item["id"] for item in json.loads(out)["criteria"]]
    assert json.loads(out)["policy"] == "hart"
    assert criteria == [
        "applicant_consent",
        "not_a_service_complaint",
        "three_complaints",
        "hate_incident",
    ]


def test_an_invalid_policy_file_exits_2_naming_the_field(tmp_path: Path) -> None:
    policy = tmp_path / "strict.toml"
    policy.write_text("min_complaints = 4\n")

    code, _, err = run("assess", "--policy", str(policy), stdin=json.dumps(spec_example()))

    assert code == 2
    assert "min_complaints" in err
    assert "between 1 and 3" in err


def test_the_default_policy_follows_the_same_variable_as_the_web_settings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COMMUNITY_TRIGGER_DEFAULT_POLICY", "statutory-default")
    document = spec_example()
    del document["policy"]

    code, out, _ = run("assess", stdin=json.dumps(document))

    assert code == 0
    assert json.loads(out)["policy"] == "statutory-default"


def test_policies_lists_every_built_in_policy_with_its_fields() -> None:
    code, out, _ = run("policies")

    assert code == 0
    assert "test-valley: Test Valley Partnership" in out
    assert "statutory-default:" in out
    assert "  min_individuals = 5" in out
    assert "  min_individuals = null" in out
    assert "  require_dissatisfaction = false" in out


def test_policies_as_json_match_the_spec_table() -> None:
    code, out, _ = run("policies", "--json")

    assert code == 0
    policies = {item["id"]: item for item in json.loads(out)}
    assert policies["test-valley"] == {
        "id": "test-valley",
        "name": "Test Valley Partnership",
        "min_complaints": 3,
        "min_individuals": 5,
        "report_within": {"months": 1},
        "application_within": {"months": 6},
        "require_dissatisfaction": True,
        "hate_incident_route": False,
        "latest_report_within": None,
        "partner_agencies": ["council", "police", "health", "housing"],
    }
    assert policies["statutory-default"]["min_individuals"] is None
    assert policies["statutory-default"]["require_dissatisfaction"] is False
