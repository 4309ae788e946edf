"""The seller analyses of the operations playbook, one module each (search terms, restock, fee audit,
trends …), built on the ledger: they read what `metrics/` folds and `economics/` costs, and return
frozen results that `render/` shows and `checks/` may judge."""
