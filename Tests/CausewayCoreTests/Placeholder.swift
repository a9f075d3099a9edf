import Testing

@Test func placeholder_CausewayCoreTests() {}
