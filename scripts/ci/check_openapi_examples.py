"""Every example in openapi.yaml is valid against the schema it illustrates.

Schemathesis checks the server's answers against the document; this checks
the document's own examples, which clients copy.
"""

import sys
import warnings

import yaml
warnings.filterwarnings("ignore", category=DeprecationWarning)
from jsonschema import RefResolver  # noqa: E402
from openapi_schema_validator import OAS30Validator  # noqa: E402


def main(path):
    spec = yaml.safe_load(open(path, encoding="utf-8"))
    resolver = RefResolver.from_schema(spec)
    failures = []

    def resolve(node):
        while isinstance(node, dict) and "$ref" in node:
            node = resolver.resolve(node["$ref"])[1]
        return node

    def check(where, schema, media):
        media = resolve(media)
        examples = []
        if "example" in media:
            examples.append(("example", media["example"]))
        for name, example in (media.get("examples") or {}).items():
            examples.append((name, resolve(example)["value"]))
        for name, value in examples:
            validator = OAS30Validator(schema, resolver=resolver)
            for error in validator.iter_errors(value):
                failures.append(f"{where} [{name}]: {error.message} at {list(error.absolute_path)}")

    for path_name, item in spec["paths"].items():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "delete"):
                continue
            where = f"{method.upper()} {path_name}"
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                check(where + " request", body["schema"], body)
            for status, response in operation["responses"].items():
                response = resolve(response)
                for media_type, media in (response.get("content") or {}).items():
                    if "schema" in media and ("example" in media or "examples" in media):
                        check(f"{where} {status} {media_type}", media["schema"], media)
    for failure in failures:
        print(failure)
    print(f"{len(failures)} example(s) break their schema")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "openapi.yaml"))
