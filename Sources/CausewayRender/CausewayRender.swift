// CausewayRender
