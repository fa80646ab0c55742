"""Device physics: EQE budget, roll-off, lifetime laws, ion migration."""
