#!/usr/bin/env python3
"""Signs requests with botocore's SigV4Auth at a fixed time; the Swift signer test compares.

stdin: JSON list of {method, url, params: [[k, v]...], headers: [[k, v]...], body_hex,
        access_key, secret_key, token (or null), region, service, timestamp (epoch seconds)}
stdout: JSON list of {authorization, amz_date, token, canonical_request, string_to_sign}
"""
import datetime
import json
import sys

try:
    import botocore.auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
except ImportError as error:  # the Swift test turns this exit code into a clear failure
    print(f"botocore is not installed: {error} (pip install botocore)", file=sys.stderr)
    sys.exit(3)


def sign(case):
    fixed = datetime.datetime.fromtimestamp(case["timestamp"], datetime.timezone.utc).replace(tzinfo=None)
    botocore.auth.get_current_datetime = lambda *args, **kwargs: fixed
    request = AWSRequest(method=case["method"], url=case["url"], data=bytes.fromhex(case["body_hex"]),
                         params=[tuple(p) for p in case["params"]] or None)
    for name, value in case["headers"]:
        request.headers[name] = value  # HTTPHeaders appends: repeated names stay repeated
    signer = botocore.auth.SigV4Auth(
        Credentials(case["access_key"], case["secret_key"], case["token"]), case["service"], case["region"])
    signer.add_auth(request)
    authorization = request.headers["Authorization"]
    del request.headers["Authorization"]  # recompute the strings add_auth signed, without its output
    canonical = signer.canonical_request(request)
    return {
        "authorization": authorization,
        "amz_date": request.headers["X-Amz-Date"],
        "token": request.headers.get("X-Amz-Security-Token"),
        "canonical_request": canonical,
        "string_to_sign": signer.string_to_sign(request, canonical),
    }


json.dump([sign(case) for case in json.load(sys.stdin)], sys.stdout)
