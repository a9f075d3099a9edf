import CausewayCore

/// The client connect handler's Lambda function source (Python 3, `lambda_function.lambda_handler`)
/// implementing a `ConnectPolicy`: every written condition must hold — the local weekday
/// (Monday 0 … Sunday 6) and time of day [start, end) in the policy's time zone, and the client's
/// public address in one of the source CIDRs. AWS calls the function with the connection's
/// attributes (`public-ip` among them) and admits the connection only when it answers
/// `allow: true` (AWS Client VPN administrator guide, "Connection authorization",
/// https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/connection-authorization.html: request
/// and response fields, schema version v1).
public enum ConnectHandlerSource {
    /// The source, its unit test, and the zip Lambda takes (made from the source at deploy time
    /// by Terraform, never rendered); Lambda's handler setting for the source.
    public static let fileName = "lambda_function.py", testFileName = "test_lambda_function.py", archiveName = "lambda_function.zip"
    public static let handler = "lambda_function.lambda_handler"
    /// The Lambda runtime the source is written for (zoneinfo needs Python 3.9 or later).
    public static let runtime = "python3.12"
    /// What a refused client is told when the topology writes no `error_message`.
    public static let defaultErrorMessage = "You are not allowed to connect at this time or from this address. Please contact your administrator."

    /// The handler's source for `policy`.
    public static func render(_ policy: ConnectPolicy, functionName: String, topology: String) -> String {
        var l = Lines("#", banner: "Client connect handler \(functionName): admits a new Client VPN connection only when every\ncondition of the topology's policy holds.",
                      topology: topology, install: "Lambda runtime \(runtime); the handler is this file's lambda_handler.")
        l.add("import datetime")
        l.add("import ipaddress")
        l.add("import json")
        l.add("import sys")
        l.add("from zoneinfo import ZoneInfo")
        l.add()
        l.add("# Monday = 0 … Sunday = 6; empty: every day.")
        l.add("WEEKDAYS = [\(policy.weekdays.map { String($0.index) }.joined(separator: ", "))]")
        l.add("# Minutes after midnight, start inclusive, end exclusive; None: all day.")
        l.add("HOURS = \(policy.hours.map { "(\($0.start), \($0.end))  # \($0)" } ?? "None")")
        l.add("# The client's public address must be in one of these; empty: any address.")
        l.add("SOURCE_CIDRS = [\(policy.sourceCIDRs.map { "\"\($0)\"" }.joined(separator: ", "))]")
        l.add("TIME_ZONE = \(doubleQuoted(policy.timeZone))")
        l.add("ERROR_MESSAGE = \(doubleQuoted(policy.errorMessage ?? defaultErrorMessage))")
        l.add(body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        return l.text
    }

    private static let body = """


    def is_allowed(public_ip, now):
        \"\"\"Whether a connection from public_ip at the aware datetime now is admitted.\"\"\"
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
        \"\"\"The answer Client VPN expects (schema version v1).\"\"\"
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
    """

    /// The handler's unit test (`python3 -m unittest test_lambda_function`): derives its cases
    /// from the policy the handler holds, so it tests any rendered policy.
    public static func renderTest(functionName: String, topology: String) -> String {
        var l = Lines("#", banner: "Unit test of the client connect handler \(functionName) (python3 -m unittest test_lambda_function).",
                      topology: topology, install: nil)
        l.add(testBody.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        return l.text
    }

    private static let testBody = """
    import datetime
    import ipaddress
    import unittest
    from zoneinfo import ZoneInfo

    import lambda_function as handler

    MONDAY = datetime.date(2026, 12, 7)
    OUTSIDE = ["203.0.113.77", "198.51.100.1", "192.0.2.1", "100.64.0.1", "8.8.8.8"]


    def at(day, minute):
        \"\"\"Day 0 (Monday) … 6 of a fixed week at minute after midnight, in the policy's time zone.\"\"\"
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
    """
}
