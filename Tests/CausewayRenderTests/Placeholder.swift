import Testing

@Test func placeholder_CausewayRenderTests() {}
