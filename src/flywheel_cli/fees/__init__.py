"""Amazon's fees from versioned tables: the fee-table loader (YAML files with effective dates in
`tables/`), the size tier and shipping weight of a package, and the estimator (docs/fees.md).

A layer between `economics` and `metrics` (DESIGN section 2): it imports only `core`."""
