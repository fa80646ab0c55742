"""Readers and analysis of laboratory measurements (J-V-L, EL, lifetime, SCLC, admittance)."""
