#!/usr/bin/env python3
"""Validate JSON documents against the JSON Schemas vendored in tests/schemas/,
offline: every "$ref" to another schema (CycloneDX's spdx.schema.json and
jsf-0.82.schema.json, by relative or absolute URL) is resolved from the files
in this folder, never fetched.  A reference that is not here is an error.

  validate.py SCHEMA DOC...      exit 0 when every DOC is valid, 1 when one is
                                 not (first error of each printed), 2 on bad usage

tests/cli/run.py imports validator() for its `schema` / `!schema` checks.
Works with jsonschema >= 4.18 (the referencing library) and with older
releases such as Debian bookworm's python3-jsonschema 4.10 (RefResolver).
"""
import json
import os
import sys

import jsonschema

HERE = os.path.dirname(os.path.abspath(__file__))


def _local_schemas():
    """{$id or id: schema} for every schema file here (first one wins)."""
    store = {}
    for name in sorted(os.listdir(HERE)):
        if not name.endswith(".json"):
            continue
        try:
            with open(os.path.join(HERE, name), encoding="utf-8") as f:
                doc = json.load(f)
        except (OSError, ValueError):
            continue
        if not isinstance(doc, dict):
            continue
        sid = doc.get("$id") or doc.get("id")
        if isinstance(sid, str):
            store.setdefault(sid.rstrip("#"), doc)
    return store


def _refuse(uri):
    raise jsonschema.exceptions.RefResolutionError(
        "schema reference %s is not vendored in tests/schemas/ (no network at test time)" % uri)


def validator(schema_path):
    """A validator for the schema file, with format checking and local $refs."""
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    store = _local_schemas()
    try:
        import referencing
        import referencing.jsonschema
        from referencing.exceptions import NoSuchResource

        default = referencing.jsonschema.specification_with(
            cls.META_SCHEMA.get("$schema", "https://json-schema.org/draft/2020-12/schema"))
        resources = [(uri, referencing.Resource.from_contents(doc, default_specification=default))
                     for uri, doc in store.items()]

        def retrieve(uri):
            raise NoSuchResource(ref=uri)

        registry = referencing.Registry(retrieve=retrieve).with_resources(resources)
        return cls(schema, registry=registry, format_checker=cls.FORMAT_CHECKER)
    except ImportError:
        resolver = jsonschema.RefResolver.from_schema(
            schema, store=store, handlers={"http": _refuse, "https": _refuse})
        return cls(schema, resolver=resolver, format_checker=cls.FORMAT_CHECKER)


def errors(v, doc):
    """Errors of doc, most shallow first; [] when valid."""
    return sorted(v.iter_errors(doc), key=lambda e: (len(list(e.path)), list(map(str, e.path))))


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        print("usage: validate.py SCHEMA DOC...", file=sys.stderr)
        return 2
    v = validator(argv[0])
    bad = 0
    for path in argv[1:]:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        errs = errors(v, doc)
        if errs:
            bad += 1
            e = errs[0]
            print("%s: INVALID against %s: %s at %s" % (path, os.path.basename(argv[0]),
                                                         e.message[:300], list(e.path)))
        else:
            print("%s: valid against %s" % (path, os.path.basename(argv[0])))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
