"""The rules engine (DESIGN section 6): YAML rule files × metric rows → findings.

- `schema.py`: the pydantic models of a rule file; `loader.py`: files, folders and shipped packs, with
  errors at file:line:col; `rule.py`: a loaded rule with its file lines and its overrides resolved.
- `conditions.py`: the condition kinds; `where.py`: scope filters and override specificity;
  `message.py`: safe message formatting.
- `table.py`: metric rows at a grain, from the folded reports or from a rule test's rows;
  `engine.py`: evaluation (error, warning, passed, skipped; `for:` streaks).
- `ruletest.py`: `flywheel rules test`; `results.py`: the results of the `rules` commands.

Shipped packs live in the top-level `rules/*.yaml`, installed as `flywheel_cli/rules/` (docs/rules.md).
"""
