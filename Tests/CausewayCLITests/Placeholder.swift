import Testing

@Test func placeholder_CausewayCLITests() {}
