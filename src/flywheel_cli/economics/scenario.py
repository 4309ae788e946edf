"""Plan scenario files (`flywheel plan --scenario FILE`): YAML, pydantic-validated, errors at file:line:col.

```yaml
currency: USD
sales: 50000          # per month
units: 800
commission: 15%       # or 0.15
fba_fee: 1.80
ad_share: 20%
tools:                # a number, or named items that are added up (as in flywheel.yaml)
  helium10: 99
  canva: 15
vary:
  ad_share: 15%..25%:5%
  commission: [8%, 15%]
```

Keys are the assumptions of `economics/plan.py` (snake_case: `fba_fee` for `--fba-fee`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from flywheel_cli.core import yamldoc
from flywheel_cli.core.errors import ConfigError
from flywheel_cli.economics.plan import ASSUMPTIONS, MONEY, PlanError, parse_value, vary_values

# Monthly amounts that may be given as named items, like costs.monthly in flywheel.yaml.
ITEMISED = frozenset({"storage", "amazon_fees", "tools", "labour", "other"})


@dataclass(frozen=True, slots=True)
class Scenario:
    """A plan scenario file, validated: its assumptions, what to vary, and where each key is written."""

    path: Path
    values: dict[str, Decimal]
    varies: list[tuple[str, list[Decimal]]]
    currency: str | None
    marks: yamldoc.Marks

    def error(self, exc: PlanError) -> ConfigError:
        """A plan error about values from this file, located at the first of them."""
        names = [name for name in exc.names if name in self.values]
        line, column = self.marks.get((names[0],), (None, None)) if names else (None, None)
        return ConfigError(str(exc), path=str(self.path), line=line, column=column, hint=exc.hint)


@cache
def _model() -> Any:
    from typing import Annotated

    from pydantic import BeforeValidator, ConfigDict, create_model

    def checker(name: str, itemised: bool) -> Any:
        def check(value: Any) -> Any:
            if value is None:
                return None
            if itemised and isinstance(value, dict):
                total = Decimal(0)
                for item, amount in value.items():
                    try:
                        total += parse_value(name, amount)
                    except ValueError as exc:
                        raise ValueError(f"{item}: {exc}") from None
                return total
            return parse_value(name, value)

        return BeforeValidator(check)

    def vary_checker(name: str) -> Any:
        return BeforeValidator(lambda spec: None if spec is None else vary_values(name, spec))

    config = ConfigDict(extra="forbid", frozen=True)
    fields: dict[str, Any] = {
        a.name: (Annotated[Decimal | None, checker(a.name, a.name in ITEMISED and a.kind == MONEY)], None)
        for a in ASSUMPTIONS
    }
    vary_fields: dict[str, Any] = {
        a.name: (Annotated[list[Decimal] | None, vary_checker(a.name)], None) for a in ASSUMPTIONS
    }
    vary = create_model("Vary", __config__=config, **vary_fields)
    return create_model(
        "Scenario",
        __config__=config,
        currency=(str | None, None),
        vary=(vary | None, None),
        **fields,
    )


def load(path: Path) -> Scenario:
    from pydantic import ValidationError

    data, marks = yamldoc.load_mapping(path, "a scenario is a mapping of assumptions")
    model = _model()
    try:
        parsed = model.model_validate(data)
    except ValidationError as exc:
        error = yamldoc.validation_error(path, marks, exc)
        error.message = error.message.replace(": value error, ", ": ")
        if error.message.endswith("unknown key") and "-" in error.message:
            error.hint = "keys are written with underscores, as in fba_fee and ad_share"
        raise error from None
    currency = parsed.currency
    if currency is not None and (len(currency) != 3 or not currency.isalpha()):
        line, column = marks.get(("currency",), (None, None))
        raise ConfigError(
            "currency: a three-letter currency code such as USD", path=str(path), line=line, column=column
        )
    values = {a.name: getattr(parsed, a.name) for a in ASSUMPTIONS if getattr(parsed, a.name) is not None}
    varies = []
    if parsed.vary is not None:
        # in the order written in the file
        order = [key for key in (data.get("vary") or {}) if key in {a.name for a in ASSUMPTIONS}]
        varies = [(name, getattr(parsed.vary, name)) for name in order if getattr(parsed.vary, name)]
    return Scenario(path, values, varies, currency.upper() if currency else None, marks)
