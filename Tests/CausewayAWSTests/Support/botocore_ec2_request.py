#!/usr/bin/env python3
"""Checks EC2 Query requests against botocore's EC2 service model.

stdin: JSON list of {operation, pairs: [[name, value], ...]} (Action and Version left out).
Each request is read back into parameters by walking the operation's input shape with the EC2
protocol's naming (queryName, else the capitalised locationName, else the member name; lists
flattened as NAME.N): a pair the model has no place for is a problem. The parameters are then
validated by botocore's ParamValidator (required members, types), every enum value is checked
against the model, and botocore's own EC2 serializer must give back exactly the pairs sent.
stdout: JSON list of problems per request (empty lists when every request fits the model).
"""
import json
import sys

try:
    import botocore.session
    from botocore.serialize import EC2Serializer
    from botocore.validate import ParamValidator
except ImportError as error:
    print(f"botocore is not installed: {error} (pip install botocore)", file=sys.stderr)
    sys.exit(3)

MODEL = botocore.session.get_session().get_service_model("ec2")


def serialized_name(member, default):
    s = member.serialization
    if "queryName" in s:
        return s["queryName"]
    if "name" in s:
        return s["name"][0].upper() + s["name"][1:]
    return default


def read(shape, prefix, pairs, used, problems):
    """The value of `shape` at `prefix` from `pairs` (name → value), marking the names read."""
    t = shape.type_name
    if t == "structure":
        out = {}
        for name, member in shape.members.items():
            key = f"{prefix}.{serialized_name(member, name)}" if prefix else serialized_name(member, name)
            if key in pairs or any(p.startswith(key + ".") for p in pairs):
                out[name] = read(member, key, pairs, used, problems)
        return out
    if t == "list":
        items, i = [], 1
        while f"{prefix}.{i}" in pairs or any(p.startswith(f"{prefix}.{i}.") for p in pairs):
            items.append(read(shape.member, f"{prefix}.{i}", pairs, used, problems))
            i += 1
        return items
    if prefix not in pairs:
        problems.append(f"{prefix}: a {t} with no value")
        return None
    used.add(prefix)
    value = pairs[prefix]
    if t == "boolean":
        if value not in ("true", "false"):
            problems.append(f"{prefix}: {value!r} is not a boolean")
        return value == "true"
    if t in ("integer", "long"):
        try:
            return int(value)
        except ValueError:
            problems.append(f"{prefix}: {value!r} is not an integer")
            return 0
    if t == "string" and shape.enum and value not in shape.enum:
        problems.append(f"{prefix}: {value!r} is not one of the model's values")
    return value


def check(request):
    problems = []
    try:
        op = MODEL.operation_model(request["operation"])
    except Exception as error:  # an unknown operation
        return [f"{request['operation']}: {error}"]
    pairs = {k: v for k, v in request["pairs"]}
    if len(pairs) != len(request["pairs"]):
        problems.append("a parameter name is sent twice")
    used = set()
    params = read(op.input_shape, "", pairs, used, problems)
    for name in sorted(set(pairs) - used):
        problems.append(f"{name}: not a parameter of {op.name} in the model")
    report = ParamValidator().validate(params, op.input_shape)
    if report.has_errors():
        problems.append(report.generate_report())
    body = EC2Serializer().serialize_to_request(params, op)["body"]
    again = {k: str(v) for k, v in body.items() if k not in ("Action", "Version")}
    again = {k: ("true" if v == "True" else "false" if v == "False" else v) for k, v in again.items()}
    if again != pairs:
        problems.append(f"botocore serializes these parameters differently: {sorted(set(again.items()) ^ set(pairs.items()))}")
    return problems


print(json.dumps([check(r) for r in json.load(sys.stdin)]))
