#!/usr/bin/python3
"""Checks share/schema/process.schema.json against the process files of the repository.

Every processes/*.yaml, share/templates/*.yaml and tests/data/constructs/*.yaml must validate; processes/invalid/schema.yaml and a few
inline files that break the schema in ways the loader also rejects must not. Run by ctest; needs Debian's python3-jsonschema and
python3-yaml. Usage: check_samples.py SOURCE_DIR
"""
import json
import pathlib
import re
import sys

import jsonschema
import yaml


class Yaml12Loader(yaml.SafeLoader):
    """PyYAML speaks YAML 1.1, where 2026-01-05 is a date and on/off/yes/no are booleans. bpmkit's
    loader (yaml-cpp) keeps such scalars as text, and so do YAML 1.2 editors: resolve them as strings,
    and booleans only from true/false."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                   list("tTfF"))

# A process whose step `t` (a format placeholder) leads to the end `e`.
STEP = "process: p\nresources: {{ r: {{ count: 1 }} }}\narrivals: {{ every: 1h }}\nstart: t\nsteps:\n  {}\n  e: {{ end: ok }}\n"

# (name, document, why it must fail): schema errors that the loader reports too.
INVALID = [
    ("unknown top-level key",
     "process: p\narrivals: { every: 1h }\nstart: s\nsteps: { s: { end: ok } }\nowner_name: x\n", "owner_name"),
    ("task without a duration",
     "process: p\narrivals: { every: 1h }\nstart: s\nsteps:\n  s: { resource: r, next: e }\n  e: { end: ok }\n",
     "duration"),
    ("key that does not apply to the step's kind",
     "process: p\narrivals: { every: 1h }\nstart: w\nsteps:\n  w: { wait: 1d, cost: 5, next: e }\n  e: { end: ok }\n",
     "cost"),
    ("unknown distribution family",
     "process: p\narrivals: { every: exponentail(1h) }\nstart: e\nsteps: { e: { end: ok } }\n", "exponentail"),
    ("bad calendar day",
     'process: p\ncalendars: { c: { mon-fry: "09:00-17:00" } }\narrivals: { every: 1h }\nstart: e\n'
     "steps: { e: { end: ok } }\n", "mon-fry"),
    ("pool with both count and members",
     "process: p\nresources: { r: { count: 2, members: [a, b] } }\narrivals: { every: 1h }\nstart: e\n"
     "steps: { e: { end: ok } }\n", "members"),
    ("member with a speed of 0",
     "process: p\nresources: { r: { members: { a: { speed: 0 } } } }\narrivals: { every: 1h }\nstart: e\n"
     "steps: { e: { end: ok } }\n", "speed"),
    # Combinations of the constructs that the loader rejects (each is a [schema] error in bpm-design).
    ("abandonment on an automatic task",
     STEP.format("t: { duration: 1m, abandon: { after: 10m, to: e }, next: e }"), "resource"),
    ("timeout on a batch task",
     STEP.format("t: { resource: r, duration: 1m, batch: { size: 3 }, timeout: { after: 1h, to: e }, next: e }"),
     "timeout"),
    ("abandonment on a multi-instance task",
     STEP.format("t: { resource: r, duration: 1m, instances: { count: 2 }, abandon: { after: 1h, to: e }, next: e }"),
     "abandon"),
    ("batch on a multi-instance task",
     STEP.format("t: { resource: r, duration: 1m, batch: { size: 3 }, instances: { count: 2 }, next: e }"), "batch"),
    ("policy with one pool",
     STEP.format("t: { resource: r, duration: 1m, policy: cheapest, next: e }"), "resource"),
    ("policy with a list of one pool",
     STEP.format("t: { resource: [r], duration: 1m, policy: first, next: e }"), "resource"),
    ("a pool listed twice", STEP.format("t: { resource: [r, r], duration: 1m, next: e }"), "resource"),
    ("batch size not a whole number", STEP.format("t: { resource: r, duration: 1m, batch: { size: 2.5 }, next: e }"),
     "size"),
    ("batch size out of range", STEP.format("t: { resource: r, duration: 1m, batch: { size: 2000000 }, next: e }"),
     "size"),
    ("set of an attribute name that is not one", STEP.format('t: { duration: 1m, set: { 1x: "2" }, next: e }'),
     "1x"),
    ("abandonment on a wait", STEP.format("t: { wait: 1h, abandon: { after: 1h, to: e }, next: e }"), "abandon"),
    ("missing required section",
     "process: p\narrivals: { every: 1h }\nsteps: { e: { end: ok } }\n", "start"),
]


def load(text, name):
    try:
        return yaml.load(text, Loader=Yaml12Loader)
    except yaml.YAMLError as error:
        raise SystemExit(f"{name}: error: malformed YAML: {error}")


def main():
    if len(sys.argv) != 2:
        raise SystemExit("usage: check_samples.py SOURCE_DIR")
    root = pathlib.Path(sys.argv[1])
    schema = json.loads((root / "share/schema/process.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)

    files = sorted((root / "processes").glob("*.yaml")) + sorted((root / "share/templates").glob("*.yaml"))
    # One small file per construct of the format (members, timeouts, fragments, ...).
    files += sorted((root / "tests/data/constructs").glob("*.yaml"))
    files += [root / "tests/data/constructs/call-file" / name for name in ("onboarding.yaml", "kyc.yaml")]
    files += [root / "tests/data/constructs/call-nested" / name for name in ("main.yaml", "kyc.yaml", "id.yaml")]
    passed = failed = 0
    if len(files) < 8:
        print(f"error: expected the 4 sample processes and 4 templates, found {len(files)} files")
        failed += 1
    for path in files:
        name = path.relative_to(root)
        errors = sorted(validator.iter_errors(load(path.read_text(encoding="utf-8"), name)),
                        key=lambda e: list(e.absolute_path))
        if errors:
            failed += 1
            for error in errors:
                where = "/".join(str(p) for p in error.absolute_path) or "(top)"
                print(f"{name}: error: {where}: {error.message}")
        else:
            passed += 1
            print(f"{name}: ok")

    # The sample of pure schema errors that the loader test uses must be rejected here too.
    schema_case = root / "processes/invalid/schema.yaml"
    if schema_case.exists():
        name = schema_case.relative_to(root)
        if list(validator.iter_errors(load(schema_case.read_text(encoding="utf-8"), name))):
            passed += 1
            print(f"rejects {name}: ok")
        else:
            failed += 1
            print(f"rejects {name}: error: accepted")

    for title, text, culprit in INVALID:
        errors = list(validator.iter_errors(load(text, title)))
        if errors and any(culprit in (e.message + "/".join(map(str, e.absolute_path))) or culprit in str(e.instance)
                          for e in errors):
            passed += 1
            print(f"rejects {title}: ok")
        else:
            failed += 1
            print(f"rejects {title}: error: " + ("accepted" if not errors else f"no error names '{culprit}'"))

    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
