"""Renderers: one module per output format family, all machine formats from one `to_records()`."""
