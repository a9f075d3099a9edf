// CausewayAWS
