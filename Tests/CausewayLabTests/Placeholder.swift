import Testing

@Test func placeholder_CausewayLabTests() {}
