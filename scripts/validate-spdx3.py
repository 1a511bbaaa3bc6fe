#!/usr/bin/python3
"""Validate SPDX 3.0.1 JSON-LD documents against the official JSON schema.

An independent check of what `internal/spdx3` writes, with a validator that
shares no code with it: Debian's python3-jsonschema (Draft 2020-12, the draft
the SPDX 3.0.1 schema declares).

    scripts/validate-spdx3.py SCHEMA DOCUMENT...

SCHEMA is the SPDX 3.0.1 JSON schema, for example
internal/spdx3/schema/spdx-json-schema.json (a copy of
https://spdx.org/schema/3.0.1/spdx-json-schema.json). Each error is printed
with its JSON pointer. Exit status: 0 all valid, 1 a document is invalid,
2 usage, unreadable input or a missing python3-jsonschema
(apt-get install python3-jsonschema).
"""

import json
import sys

try:
    from jsonschema import Draft202012Validator
except ImportError:
    sys.exit("validate-spdx3: python3-jsonschema is needed (apt-get install python3-jsonschema)")

CONTEXT = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"
MAX_ERRORS = 20  # places per document; the rest are counted


def pointer(path):
    return "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in path)


def deepest(errors):
    """The error that reaches deepest into the document, looking inside the
    alternatives of anyOf/oneOf: with anyOf over every SPDX class the top-level
    error only says that nothing matched."""
    best = None
    stack = list(errors)
    while stack:
        e = stack.pop(0)
        if best is None or len(e.absolute_path) > len(best.absolute_path):
            best = e
        stack.extend(e.context or [])
    return best


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        print(f"{path}: cannot read: {e}", file=sys.stderr)
        sys.exit(2)


def main(argv):
    if len(argv) < 3 or argv[1] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    schema = load(argv[1])
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    failed = False
    for path in argv[2:]:
        doc = load(path)
        errors = list(validator.iter_errors(doc))
        if isinstance(doc, dict) and doc.get("@context") != CONTEXT:
            print(f"{path}: @context is not {CONTEXT}")
            failed = True
        if not errors:
            n = len(doc.get("@graph", [])) if isinstance(doc, dict) else 0
            print(f"{path}: valid ({n} objects in @graph)")
            continue
        failed = True
        # One line per place in the graph, saying the deepest error found there.
        places = {}
        for e in errors:
            places.setdefault(pointer(e.absolute_path), []).append(e)
        print(f"{path}: {len(errors)} schema error(s) in {len(places)} place(s)")
        for where in sorted(places)[:MAX_ERRORS]:
            best = deepest(places[where])
            print(f"  {where}: {pointer(best.absolute_path)}: {best.message[:300]}")
        if len(places) > MAX_ERRORS:
            print(f"  ... and {len(places) - MAX_ERRORS} more places")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
