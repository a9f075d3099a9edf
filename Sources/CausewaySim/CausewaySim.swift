// CausewaySim
