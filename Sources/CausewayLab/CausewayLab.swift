// CausewayLab
