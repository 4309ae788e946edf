"""flywheel: offline KPIs, unit economics and rule checks for Amazon sellers."""

__version__ = "0.1.0"
