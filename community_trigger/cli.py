"""The `community-trigger` command: assess an application against a threshold policy, list policies.

Exit codes: 0 for any answer (met or not), 2 for bad input or usage, with one line on standard error.
It does not start Django: the engine is pure Python, so the command answers in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn, TextIO

from community_trigger.domain.application import parse_application
from community_trigger.domain.documents import MAX_DOCUMENT_BYTES, read_json
from community_trigger.domain.errors import InvalidInput
from community_trigger.domain.policy import builtin_policies, load_policy_file
from community_trigger.domain.threshold import assess, assess_document

# The same variable the web settings read, so the command and the API choose the same default.
DEFAULT_POLICY_VARIABLE = "COMMUNITY_TRIGGER_DEFAULT_POLICY"


class UsageError(Exception):
    """Bad arguments: reported in one line, exit code 2, like bad input."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="community-trigger",
        description="Is the Community Trigger (ASB Case Review) threshold met?",
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    assess_command = commands.add_parser(
        "assess",
        help="assess an application (input JSON) and print the explained answer (output JSON)",
        description=(
            "Read an application as JSON (spec/threshold.md section 5) from FILE or standard input "
            "and print the assessment as JSON. Exit 0 for any answer, 2 for bad input."
        ),
    )
    assess_command.add_argument("file", nargs="?", help="input JSON file (default: standard input)")
    assess_command.add_argument(
        "--policy",
        metavar="POLICY_FILE",
        help="a policy file (.toml or .json) to use instead of the built-in policy the input names",
    )
    policies_command = commands.add_parser("policies", help="list the built-in policies with their fields")
    policies_command.add_argument("--json", action="store_true", help="print them as JSON")
    return parser


def _read_input(file: str | None, stdin: TextIO) -> object:
    """The input document, read as the API reads a body: bytes, through the same reader."""
    # One more than the limit is enough to know the input is over it, without reading all of it.
    limit = MAX_DOCUMENT_BYTES + 1
    data: str | bytes
    try:
        if file is not None:
            with Path(file).open("rb") as stream:
                data = stream.read(limit)
        elif hasattr(stdin, "buffer"):
            data = stdin.buffer.read(limit)
        else:  # a text stream without bytes under it (tests pass a StringIO)
            data = stdin.read(limit)
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput("", f"cannot read the input: {error}") from None
    return read_json(data, what="input")


def _assess(arguments: argparse.Namespace, stdin: TextIO) -> dict[str, object]:
    document = _read_input(arguments.file, stdin)
    if arguments.policy:
        policy = load_policy_file(Path(arguments.policy))
        return assess(parse_application(document), policy).as_dict()
    default = os.environ.get(DEFAULT_POLICY_VARIABLE) or "test-valley"
    return assess_document(document, policies=builtin_policies(), default_policy=default)


def _describe_policies() -> str:
    lines: list[str] = []
    for policy in builtin_policies().values():
        lines.append(f"{policy.id}: {policy.name}")
        for name, value in policy.as_dict().items():
            if name not in ("id", "name"):
                lines.append(f"  {name} = {json.dumps(value)}")
    return "\n".join(lines)


def main(
    argv: Sequence[str] | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command; returns the exit code (the console script passes it to sys.exit)."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    try:
        arguments = _parser().parse_args(argv)
        if arguments.command == "policies":
            if arguments.json:
                document = [policy.as_dict() for policy in builtin_policies().values()]
                stdout.write(json.dumps(document, indent=2) + "\n")
            else:
                stdout.write(_describe_policies() + "\n")
            return 0
        output = _assess(arguments, stdin)
    except (InvalidInput, UsageError) as error:
        stderr.write(f"community-trigger: error: {error}\n")
        return 2
    stdout.write(json.dumps(output, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
