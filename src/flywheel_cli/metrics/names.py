"""Metric names as people type them: seller words and case are accepted, typos get a suggestion.

`flywheel kpis -m`, `--explain`, `flywheel metrics NAME` and rule files all take a metric name through
`resolve`, so `ACoS`, `conversion` and `buy box` work everywhere, and `acoss` says "did you mean
'acos'?". JSON and rule files keep the catalogue's names: an alias is only a way in.
"""

from __future__ import annotations

import difflib

from flywheel_cli.metrics.catalogue import METRICS

# Seller words → catalogue name (compared casefolded, with spaces, dashes and underscores alike).
ALIASES = {
    "conversion": "unit_session_pct", "conversion rate": "unit_session_pct", "cvr": "unit_session_pct",
    "unit session percentage": "unit_session_pct", "buy box": "buy_box_pct", "featured offer": "buy_box_pct",
    "buy box percentage": "buy_box_pct", "sales": "ordered_product_sales", "revenue": "gross_sales",
    "ad spend": "ad_spend", "spend": "ad_spend", "ad sales": "ad_sales", "orders": "order_items",
    "units": "units_ordered", "profit": "net_profit", "margin": "net_margin", "returns": "return_rate",
    "refunds": "refund_rate", "dos": "days_of_supply", "turnover": "inventory_turnover",
    "odr": "order_defect_rate", "late shipment": "late_shipment_rate", "cancel rate": "pre_fulfillment_cancel_rate",
    "vtr": "valid_tracking_rate", "ahr": "account_health_rating", "payout": "net_proceeds",
}  # fmt: skip


def _key(text: str) -> str:
    return " ".join(text.casefold().replace("_", " ").replace("-", " ").split())


_LOOKUP = {_key(name): name for name in METRICS} | {_key(word): name for word, name in ALIASES.items()}


class UnknownMetric(ValueError):
    """A name that is neither a metric nor an alias; `close` are the names it may have meant."""

    def __init__(self, name: str, close: list[str]) -> None:
        self.name, self.close = name, close
        self.message = f"unknown metric {name!r}"
        self.hint = (
            f"did you mean {', '.join(repr(c) for c in close)}?"
            if close
            else "`flywheel metrics` lists them all"
        )
        super().__init__(f"{self.message}; {self.hint}")  # one line, as a rule file's error says it


def resolve(name: str) -> str:
    """The catalogue name for `name` (a metric, an alias, any case); UnknownMetric otherwise."""
    found = _LOOKUP.get(_key(name))
    if found is not None:
        return found
    close = difflib.get_close_matches(_key(name), list(_LOOKUP), n=3, cutoff=0.7)
    raise UnknownMetric(name, list(dict.fromkeys(_LOOKUP[c] for c in close)))
