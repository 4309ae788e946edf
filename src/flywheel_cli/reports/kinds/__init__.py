"""One module per report kind (aliases per locale → canonical fields → record dataclass).

`base.Kind` is what every kind is; `reports.registry.KINDS` names them all. A kind module imports
only `base`, `spec`, `values`, `markets` and `context` — never the reader, which imports the registry.
"""
