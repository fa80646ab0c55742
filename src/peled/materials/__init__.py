"""Materials: composition parsing, ionic radii, tolerance factors, band gaps, defects."""
