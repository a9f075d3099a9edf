import Testing

@Test func placeholder_CausewaySimTests() {}
