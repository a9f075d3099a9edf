# Unit test of the client connect handler AWSClientVPN-weekday-ip-policy (python3 -m unittest test_lambda_function).
# Rendered by causeway from topology `s3-tgw-bgp-strongswan`; re-render instead of editing.
import datetime
import ipaddress
import unittest
from zoneinfo import ZoneInfo

import lambda_function as handler

MONDAY = datetime.date(2026, 12, 7)
OUTSIDE = ["203.0.113.77", "198.51.100.1", "192.0.2.1", "100.64.0.1", "8.8.8.8"]


def at(day, minute):
    """Day 0 (Monday) … 6 of a fixed week at minute after midnight, in the policy's time zone."""
    d = MONDAY + datetime.timedelta(days=day)
    return datetime.datetime(d.year, d.month, d.day, minute // 60, minute % 60, tzinfo=ZoneInfo(handler.TIME_ZONE))


def inside_address():
    return str(ipaddress.ip_network(handler.SOURCE_CIDRS[0])[0]) if handler.SOURCE_CIDRS else OUTSIDE[0]


def allowed_day():
    return handler.WEEKDAYS[0] if handler.WEEKDAYS else 0


def allowed_minute():
    return handler.HOURS[0] if handler.HOURS else 12 * 60


class PolicyTest(unittest.TestCase):
    def test_admits_inside_every_condition(self):
        self.assertTrue(handler.is_allowed(inside_address(), at(allowed_day(), allowed_minute())))

    def test_refuses_a_day_not_allowed(self):
        for day in range(7):
            if handler.WEEKDAYS and day not in handler.WEEKDAYS:
                self.assertFalse(handler.is_allowed(inside_address(), at(day, allowed_minute())), day)

    def test_refuses_outside_the_hours(self):
        if handler.HOURS:
            if handler.HOURS[0] > 0:
                self.assertFalse(handler.is_allowed(inside_address(), at(allowed_day(), handler.HOURS[0] - 1)))
            if handler.HOURS[1] < 24 * 60:
                self.assertFalse(handler.is_allowed(inside_address(), at(allowed_day(), handler.HOURS[1])))

    def test_refuses_a_source_outside_the_cidrs(self):
        if handler.SOURCE_CIDRS:
            networks = [ipaddress.ip_network(c) for c in handler.SOURCE_CIDRS]
            for address in OUTSIDE:
                if not any(ipaddress.ip_address(address) in n for n in networks):
                    self.assertFalse(handler.is_allowed(address, at(allowed_day(), allowed_minute())), address)
            self.assertFalse(handler.is_allowed("not an address", at(allowed_day(), allowed_minute())))

    def test_answers_in_schema_v1(self):
        answer = handler.lambda_handler({"public-ip": inside_address()}, None)
        self.assertEqual(answer["schema-version"], "v1")
        self.assertEqual(answer["posture-compliance-statuses"], [])
        self.assertIsInstance(answer["allow"], bool)
        self.assertEqual(handler.response(False)["error-msg-on-failed-posture-compliance"], handler.ERROR_MESSAGE)


if __name__ == "__main__":
    unittest.main()
