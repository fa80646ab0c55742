"""Report rendering: figures (PNG/SVG), HTML pages and JSON/CSV outputs."""
