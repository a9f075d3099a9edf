import Testing

@Test func placeholder_CausewayAWSTests() {}
