"""How fast the threshold engine answers, against the cost of merely parsing the same JSON.

For applications of 3, 10 and 100 incidents it reports assessments per second and the ratio of an
assessment's cost to `json.loads` of the same input document (target: at most 3). An assessment
here is what the command line and the API do after parsing the body: validate the document, assess
it under the test-valley policy and build the output document.

The two are timed in one loop, in alternating short batches, and the ratio is the median of each
round's ratio: a machine busy with other work slows both sides of each ratio alike.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this folder comes first on sys.path, and its statistics.py (the statistics bench)
# would stand in for the standard library's `statistics`, imported below: the project's root goes
# there instead.
HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

import argparse  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import timeit  # noqa: E402
from collections.abc import Callable  # noqa: E402
from datetime import date, timedelta  # noqa: E402
from typing import Any  # noqa: E402

from community_trigger.domain.application import parse_application  # noqa: E402
from community_trigger.domain.policy import builtin_policies  # noqa: E402
from community_trigger.domain.threshold import assess, assess_document  # noqa: E402

TARGET_RATIO = 3.0
AGENCIES = ["council", "police", "health", "housing", "other"]


def application(incidents: int, seed: int = 2024) -> dict[str, Any]:
    """A realistic group application: 5 people, each incident reported once or twice, some late."""
    rng = random.Random(seed + incidents)
    applied = date(2024, 6, 3)
    people = [{"id": f"P{n}", "dissatisfied": True, "consent": n != 5} for n in range(1, 6)]
    documents = []
    for number in range(1, incidents + 1):
        happened = applied - timedelta(days=rng.randint(1, 200))
        reports = []
        for _ in range(rng.choice([1, 1, 2])):
            delay = rng.randint(0, min(40, (applied - happened).days))
            report: dict[str, Any] = {
                "by": f"P{rng.randint(1, 5)}",
                "agency": rng.choice(AGENCIES),
                "date": (happened + timedelta(days=delay)).isoformat(),
            }
            if rng.random() < 0.5:
                report["reference"] = f"4424{number:04d}"
            reports.append(report)
        documents.append(
            {
                "id": f"I{number}",
                "date": happened.isoformat(),
                "asb": rng.random() > 0.1,
                "hate": rng.random() < 0.05,
                "reports": reports,
            }
        )
    return {
        "policy": "test-valley",
        "application_date": applied.isoformat(),
        "applicant": {"role": "group_representative", "consent": True},
        "people": people,
        "incidents": documents,
    }


BATCH_SECONDS = 0.02


def interleaved(functions: dict[str, Callable[[], object]], seconds: float) -> dict[str, list[float]]:
    """Seconds per call of each function, one list per function with one entry per round.

    Each round times a short batch of every function in turn (about BATCH_SECONDS each), and there are
    as many rounds as fit in `seconds` per function, five at least. A machine busy with something else
    slows every function of a round alike, so ratios taken within a round hold where timings taken a
    second apart would not."""
    timers = {name: timeit.Timer(function) for name, function in functions.items()}
    numbers = {}
    for name, timer in timers.items():
        number, taken = timer.autorange()  # at least 0.2 s: also warms up
        numbers[name] = max(1, int(number * BATCH_SECONDS / taken))
    rounds = max(5, int(seconds / BATCH_SECONDS))
    timings: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(rounds):
        for name, timer in timers.items():
            timings[name].append(timer.timeit(numbers[name]) / numbers[name])
    return timings


def measure(incidents: int, seconds: float) -> dict[str, Any]:
    document = application(incidents)
    text = json.dumps(document)
    policies = builtin_policies()
    parsed = parse_application(document)
    policy = policies["test-valley"]

    timings = interleaved(
        {
            "loads": lambda: json.loads(text),
            "full": lambda: assess_document(document, policies=policies, default_policy="test-valley"),
            "validate": lambda: parse_application(document),
            "engine": lambda: assess(parsed, policy).as_dict(),
        },
        seconds,
    )
    # Medians, not bests: on a busy machine the best of one function and the best of another come from
    # different moments, and their ratio would be luck.
    typical = {name: statistics.median(values) for name, values in timings.items()}
    # The ratio of each round's two timings, then the median of those: both sides of each ratio were
    # measured a few milliseconds apart, under the same load.
    ratios = [full / loads for full, loads in zip(timings["full"], timings["loads"], strict=True)]
    reports = sum(len(incident["reports"]) for incident in document["incidents"])
    return {
        "incidents": incidents,
        "reports": reports,
        "bytes": len(text),
        "assessments_per_second": 1 / typical["full"],
        "json_loads_us": typical["loads"] * 1e6,
        "assessment_us": typical["full"] * 1e6,
        "validation_us": typical["validate"] * 1e6,
        "rules_and_output_us": typical["engine"] * 1e6,
        "ratio": statistics.median(ratios),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seconds", type=float, default=1.0, help="time to spend on each function at each size"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    arguments = parser.parse_args()

    rows = [measure(size, arguments.seconds) for size in (3, 10, 100)]
    if arguments.json:
        print(json.dumps(rows, indent=2))
    else:
        print(
            f"{'incidents':>9} {'reports':>7} {'bytes':>6} {'assess/s':>9} {'loads µs':>9} "
            f"{'assess µs':>9} {'validate':>9} {'rules+out':>9} {'ratio':>6}"
        )
        for row in rows:
            print(
                f"{row['incidents']:>9} {row['reports']:>7} {row['bytes']:>6} "
                f"{row['assessments_per_second']:>9.0f} {row['json_loads_us']:>9.1f} "
                f"{row['assessment_us']:>9.1f} {row['validation_us']:>9.1f} "
                f"{row['rules_and_output_us']:>9.1f} {row['ratio']:>6.2f}"
            )
        worst = max(row["ratio"] for row in rows)
        verdict = "within" if worst <= TARGET_RATIO else "OVER"
        print(f"worst ratio {worst:.2f}: {verdict} the target of {TARGET_RATIO:g}")
        print(f"(median ratio {statistics.median(row['ratio'] for row in rows):.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
