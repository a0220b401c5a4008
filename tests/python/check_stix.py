"""Validates a STIX 2.1 bundle with the OASIS `stix2` package and prints a summary as JSON.

Usage: check_stix.py FILE

`stix2.parse(..., allow_custom=False)` rejects unknown properties, unknown object types, malformed ids and
references of the wrong type. It does not check everything the specification requires, so this script also
checks that every id is `<type>--<RFC 4122 UUID>`, that `confidence` is a whole number from 0 to 100, that
`relationship_type` uses only lowercase ASCII letters, digits and hyphens (the specification's rule for
custom types), and that every reference points at an object in the bundle. It then runs the OASIS
`stix2-validator` on the file, which must find it valid (its warnings are counted, not failures). Any failure
exits with status 1.

Usage: check_stix.py --validator-only FILE checks with `stix2-validator` alone: for bundles with custom
object types (ATT&CK's `x-mitre-tactic`, …), which the validator accepts but which `stix2` refuses by design
without `allow_custom` (any reference to an `x-` type is custom content to it).
"""

import json
import re
import sys
import uuid

import stix2
import stix2validator

RELATIONSHIP_TYPE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(1)


def main(path, validator_only=False):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    raw = json.loads(text)
    results = stix2validator.validate_string(text, stix2validator.ValidationOptions(version="2.1"))
    if not results.is_valid:
        stix2validator.print_results(results)
        fail("stix2-validator: the bundle is not valid STIX 2.1")
    warnings = sum(len(o.warnings or []) for o in getattr(results, "object_results", [results]))
    if validator_only:
        json.dump({"objects": len(raw["objects"]), "validator_warnings": warnings}, sys.stdout)
        return
    bundle = stix2.parse(text, allow_custom=False)
    ids = {o["id"] for o in raw["objects"]}
    for o in raw["objects"]:
        kind, _, value = o["id"].partition("--")
        if kind != o["type"]:
            fail(f"{o['id']}: id prefix is not the type {o['type']}")
        parsed = uuid.UUID(value)
        if parsed.variant != uuid.RFC_4122:
            fail(f"{o['id']}: not an RFC 4122 UUID")
        if "confidence" in o and not (isinstance(o["confidence"], int) and 0 <= o["confidence"] <= 100):
            fail(f"{o['id']}: confidence {o['confidence']!r} is not a whole number from 0 to 100")
        if o["type"] == "relationship" and not RELATIONSHIP_TYPE.match(o["relationship_type"]):
            fail(f"{o['id']}: relationship_type {o['relationship_type']!r} is not lowercase ASCII with hyphens")
        refs = [o.get("source_ref"), o.get("target_ref"), o.get("created_by_ref")] + o.get("object_refs", [])
        for ref in refs:
            if ref is not None and ref not in ids:
                fail(f"{o['id']}: refers to {ref}, which is not in the bundle")
    types = {}
    for o in bundle.objects:
        types[o.type] = types.get(o.type, 0) + 1
    summary = {
        "id": bundle.id,
        "objects": len(bundle.objects),
        "types": types,
        "validator_warnings": warnings,
        "objects_by_id": {o["id"]: json.loads(o.serialize()) for o in bundle.objects},
    }
    json.dump(summary, sys.stdout, ensure_ascii=False, sort_keys=True)


if __name__ == "__main__":
    if sys.argv[1] == "--validator-only":
        main(sys.argv[2], validator_only=True)
    else:
        main(sys.argv[1])
