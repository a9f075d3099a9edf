# Client connect handler AWSClientVPN-weekday-ip-policy: admits a new Client VPN connection only when every
# condition of the topology's policy holds.
# Rendered by causeway from topology `s3-tgw-bgp-strongswan`; re-render instead of editing.
# Lambda runtime python3.12; the handler is this file's lambda_handler.
import datetime
import ipaddress
import json
import sys
from zoneinfo import ZoneInfo

# Monday = 0 … Sunday = 6; empty: every day.
WEEKDAYS = [0, 1, 2, 3, 4]
# Minutes after midnight, start inclusive, end exclusive; None: all day.
HOURS = None
# The client's public address must be in one of these; empty: any address.
SOURCE_CIDRS = ["72.21.0.0/16"]
TIME_ZONE = "Asia/Seoul"
ERROR_MESSAGE = "You are not allowed to connect on a weekend day or from this address."


def is_allowed(public_ip, now):
    """Whether a connection from public_ip at the aware datetime now is admitted."""
    local = now.astimezone(ZoneInfo(TIME_ZONE))
    if WEEKDAYS and local.weekday() not in WEEKDAYS:
        return False
    if HOURS is not None and not HOURS[0] <= local.hour * 60 + local.minute < HOURS[1]:
        return False
    if SOURCE_CIDRS:
        try:
            address = ipaddress.ip_address(public_ip)
        except ValueError:
            return False
        if not any(address in ipaddress.ip_network(cidr) for cidr in SOURCE_CIDRS):
            return False
    return True


def response(allow):
    """The answer Client VPN expects (schema version v1)."""
    return {
        "allow": allow,
        "error-msg-on-failed-posture-compliance": "" if allow else ERROR_MESSAGE,
        "posture-compliance-statuses": [],
        "schema-version": "v1",
    }


def lambda_handler(event, context):
    return response(is_allowed(event.get("public-ip", ""), datetime.datetime.now(datetime.timezone.utc)))


if __name__ == "__main__":
    # python3 lambda_function.py [ISO-8601 TIME] < event.json: the answer for that event (at that
    # time, default now), as Client VPN would receive it.
    event = json.load(sys.stdin)
    at = datetime.datetime.fromisoformat(sys.argv[1]) if len(sys.argv) > 1 else datetime.datetime.now(datetime.timezone.utc)
    print(json.dumps(response(is_allowed(event.get("public-ip", ""), at))))
