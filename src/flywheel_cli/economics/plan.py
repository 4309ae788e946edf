"""Plans: the cost breakdown from assumptions instead of exports (DESIGN section 5, `flywheel plan`).

A plan is a month of assumptions (sales, units, commission, FBA fee per unit, ad share, fixed costs …)
turned into the same additive parts the reports fold into, and read through `lines_from_parts`, so a
plan and a real month have the same lines and the same profit formulas (metrics/catalogue.py).

The model (docs/costs.md says the same for users):

- `sales` is gross product sales; any two of `sales`, `units`, `price` give the third.
- `referral_fees` = commission × (sales − refunds) + the refund administration fee Amazon keeps on
  refunds: 20% of the refunded referral fee (`REFUND_ADMIN_RATE`; Amazon caps it at $5.00 a unit,
  which binds only above a $25 referral fee per unit, i.e. rarely).
- `refunds` = sales × return rate (refunded product sales). FBA fulfilment fees are not refunded
  on customer returns, so `fba_fees` = units × FBA fee whatever the return rate; COGS and freight
  are charged on every unit shipped (a returned unit is assumed not to be resold: the cautious case).
- `advertising` = sales × ad share (TACoS), or a monthly ad spend; `promotions` = sales × promo share.
- `storage_fees`, `other_amazon_fees` (`amazon_fees`), `tools`, `labour`, `other_fixed` (`other`)
  are monthly amounts.
- Every money part is rounded to the cent (half up) before the lines are added, so the lines add up
  exactly. A plan without `cogs_per_unit` has a cost of goods of 0 and says so: its profit is
  before the cost of goods.

What-if rows (`--vary`) change one assumption at a time against the base; see `vary`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from flywheel_cli.economics.lines import lines_from_parts
from flywheel_cli.metrics.catalogue import METRICS
from flywheel_cli.metrics.rollup import present

MONEY, RATIO, COUNT = "money", "ratio", "count"
CENT = Decimal("0.01")
REFUND_ADMIN_RATE = Decimal("0.20")
MAX_VALUES = 50  # values of one --vary


@dataclass(frozen=True, slots=True)
class Assumption:
    """One assumption of a plan: its name, kind of value, label, and the help of its flag."""

    name: str  # snake_case: the JSON key and the scenario-file key; the flag is --name-with-dashes
    kind: str  # money | ratio | count
    label: str
    help: str

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


ASSUMPTIONS: tuple[Assumption, ...] = (
    Assumption("sales", MONEY, "sales", "gross product sales per month"),
    Assumption("units", COUNT, "units", "units sold per month"),
    Assumption("price", MONEY, "price", "average selling price per unit"),
    Assumption("commission", RATIO, "commission", "referral fee rate (share of sales)"),
    Assumption("fba_fee", MONEY, "FBA fee / unit", "FBA fulfilment fee per unit"),
    Assumption("ad_share", RATIO, "ad share of sales", "advertising as a share of sales (TACoS)"),
    Assumption("ad_spend", MONEY, "ad spend", "advertising per month (instead of --ad-share)"),
    Assumption("promo_share", RATIO, "promotions share", "coupons and promotions as a share of sales"),
    Assumption("return_rate", RATIO, "return rate", "share of sales refunded"),
    Assumption("cogs_per_unit", MONEY, "COGS / unit", "cost of goods per unit"),
    Assumption("freight_per_unit", MONEY, "freight / unit", "inbound freight and prep per unit"),
    Assumption("storage", MONEY, "storage", "FBA storage fees per month"),
    Assumption("amazon_fees", MONEY, "other Amazon fees", "other Amazon fees per month (selling plan …)"),
    Assumption("tools", MONEY, "tools", "software subscriptions per month"),
    Assumption("labour", MONEY, "labour", "labour per month"),
    Assumption("other", MONEY, "other fixed", "other fixed costs per month"),
)
BY_NAME = {a.name: a for a in ASSUMPTIONS}
TRIO = ("sales", "units", "price")
ADS = ("ad_share", "ad_spend")
PER_UNIT = {"fba_fee": "the FBA fee", "cogs_per_unit": "the cost of goods", "freight_per_unit": "the freight"}
AT_MOST_ONE = frozenset({"commission", "return_rate"})  # rates that cannot exceed 100%

_MONEY_TEXT = re.compile(r"^[$€£¥]?\s*(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_NUMBER_TEXT = re.compile(r"^(?:\d+(?:\.\d*)?|\.\d+)$")


# --- values -----------------------------------------------------------------------------------------


def parse_money(value: Any) -> Decimal:
    """`1800`, `1,800.50`, `$1,800.50` (or a YAML number) → Decimal; never negative."""
    if isinstance(value, bool):
        raise ValueError("is not an amount")
    if isinstance(value, int | Decimal):
        amount = Decimal(value)
    else:
        text = str(value).strip()
        if text.startswith(("-", "−")):
            raise ValueError(f"{text} must be zero or more")
        if not _MONEY_TEXT.match(text):
            raise ValueError(f"{text!r} is not an amount (write 1800 or 1,800.50)")
        amount = Decimal(text.lstrip("$€£¥").strip().replace(",", ""))
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"{value} must be zero or more")
    return amount


def parse_count(value: Any) -> Decimal:
    """A whole number of units (`800`, `1,200`)."""
    amount = parse_money(value) if not isinstance(value, str) or not value.strip().startswith("$") else None
    if amount is None or amount != amount.to_integral_value():
        raise ValueError(f"{value!r} is not a whole number of units")
    return Decimal(int(amount))


def parse_ratio(value: Any, bounded: bool = False) -> Decimal:
    """`15%` or `0.15` → Decimal('0.15'). A bare number above 1 is refused (did you mean 15%?)."""
    if isinstance(value, bool):
        raise ValueError("is not a percentage")
    text = format(Decimal(value), "f") if isinstance(value, int | Decimal) else str(value).strip()
    percent = text.endswith("%")
    digits = text[:-1].strip() if percent else text
    if not _NUMBER_TEXT.match(digits):
        raise ValueError(f"{text!r} is not a percentage (write 15% or 0.15)")
    try:
        rate = Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the pattern rules it out
        raise ValueError(f"{text!r} is not a percentage (write 15% or 0.15)") from None
    if percent:
        rate = rate / 100
    elif rate > 1:
        raise ValueError(f"{text} is more than 1: write {text}% for a percentage, or a fraction such as 0.15")
    if bounded and rate > 1:
        raise ValueError(f"{text} is more than 100%")
    return rate


def parse_value(name: str, value: Any) -> Decimal:
    kind = BY_NAME[name].kind
    if kind == RATIO:
        return parse_ratio(value, bounded=name in AT_MOST_ONE)
    if kind == COUNT:
        return parse_count(value)
    return parse_money(value)


def show_value(name: str, value: Decimal) -> str:
    """A value as written in a scenario label: `15%`, `2.5`, `1200`."""
    if BY_NAME[name].kind == RATIO:
        return _plain(value * 100) + "%"
    return _plain(value)


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def vary_name(text: str) -> str:
    name = text.strip().replace("-", "_")
    if name not in BY_NAME:
        known = ", ".join(a.flag[2:] for a in ASSUMPTIONS)
        raise ValueError(f"unknown assumption {text.strip()!r}; one of: {known}")
    return name


def vary_values(name: str, spec: Any) -> list[Decimal]:
    """`15%..25%:5%` (a range, both ends included; without a step, 5 values), `8%,15%` (a list), one
    value, or a YAML list of values → the values, in order."""
    if isinstance(spec, list | tuple):
        values = [parse_value(name, item) for item in spec]
    elif isinstance(spec, str) and ".." in spec:
        bounds, _, step_text = spec.partition(":")
        low_text, _, high_text = bounds.partition("..")
        low, high = parse_value(name, low_text), parse_value(name, high_text)
        if high < low:
            raise ValueError(f"{spec!r}: the range goes down (write LOW..HIGH)")
        if step_text.strip():
            step = parse_value(name, step_text) if BY_NAME[name].kind != COUNT else parse_count(step_text)
        else:
            step = (high - low) / 4
        if step <= 0:
            if high != low:
                raise ValueError(f"{spec!r}: the step must be more than 0")
            step = Decimal(1)
        if (high - low) / step >= MAX_VALUES:
            raise ValueError(f"{spec!r} gives more than {MAX_VALUES} values; use a larger step")
        values = []
        current = low
        while current <= high:
            values.append(current)
            current += step
    elif isinstance(spec, str):
        values = [parse_value(name, item) for item in spec.split(",") if item.strip()]
    else:
        values = [parse_value(name, spec)]
    if BY_NAME[name].kind == COUNT:  # whole units, each once
        values = list(dict.fromkeys(v.to_integral_value(ROUND_HALF_UP) for v in values))
    if not values:
        raise ValueError("no values to try")
    if len(values) > MAX_VALUES:
        raise ValueError(f"more than {MAX_VALUES} values")
    return values


def parse_vary(text: str) -> tuple[str, list[Decimal]]:
    """`ad-share=15%..25%:5%` / `commission=8%,15%` → (name, values). Raises ValueError."""
    name, sep, spec = text.partition("=")
    if not sep or not spec.strip():
        raise ValueError(f"{text!r} is not NAME=VALUES (e.g. ad-share=15%..25%:5% or commission=8%,15%)")
    key = vary_name(name)
    return key, vary_values(key, spec.strip())


# --- the plan ---------------------------------------------------------------------------------------


class PlanError(ValueError):
    """Assumptions that do not make a plan (missing sales, inconsistent sales/units/price …).
    `names` are the assumptions concerned (for locating the error)."""

    def __init__(self, message: str, names: Iterable[str] = (), hint: str | None = None) -> None:
        super().__init__(message)
        self.names = tuple(names)
        self.hint = hint


def resolve(given: Mapping[str, Decimal]) -> tuple[dict[str, Decimal | None], tuple[str, ...]]:
    """All assumptions with the derived ones filled in, and the names that were derived."""
    values: dict[str, Decimal | None] = {a.name: given.get(a.name) for a in ASSUMPTIONS}
    sales, units, price = (given.get(name) for name in TRIO)
    derived: list[str] = []
    if sales is None:
        if price is None or units is None:
            raise PlanError(
                "a plan needs sales", hint="give --sales, or --price and --units (sales = price × units)"
            )
        values["sales"] = price * units
        derived.append("sales")
    elif units is None and price is not None:
        if price == 0:
            raise PlanError("price is 0: units cannot be derived from sales", ("price",))
        units = sales / price
        values["units"] = units if units == units.quantize(CENT) else units.quantize(CENT, ROUND_HALF_UP)
        derived.append("units")
    elif price is None and units is not None:
        if units:
            values["price"] = sales / units
            derived.append("price")
    elif price is not None and units is not None and price * units != sales:
        raise PlanError(
            f"sales {sales} is not price {price} × units {units} = {price * units}",
            TRIO,
            hint="give two of sales, units and price; the third is derived",
        )
    if "ad_share" in given and "ad_spend" in given:
        raise PlanError("give either the ad share or the ad spend, not both", ADS)
    if values["units"] is None:
        missing = [name for name in PER_UNIT if given.get(name)]
        if missing:
            raise PlanError(
                f"{PER_UNIT[missing[0]]} is per unit: the plan needs units",
                missing,
                hint="give the units (--units, or units: in a scenario) or a price (--price, price:)",
            )
    return values, tuple(derived)


def parts_of(values: Mapping[str, Decimal | None]) -> dict[str, Decimal]:
    """The additive parts (as folded from reports) of a month with these assumptions."""

    def v(name: str) -> Decimal:
        return values.get(name) or Decimal(0)

    sales, units, commission = v("sales"), v("units"), v("commission")
    refunds = sales * v("return_rate")
    admin = REFUND_ADMIN_RATE * commission * refunds
    ads = sales * v("ad_share") if values.get("ad_share") is not None else v("ad_spend")
    parts = {
        "gross_sales": sales,
        "units_sold": units,
        "refunded_sales": refunds,
        "referral_fees": commission * (sales - refunds) + admin,
        "fba_fees": units * v("fba_fee"),
        "storage_fees": v("storage"),
        "other_fees": v("amazon_fees"),
        "ad_spend": ads,
        "promotions": sales * v("promo_share"),
        "cogs": units * v("cogs_per_unit"),
        "inbound_freight": units * v("freight_per_unit"),
        "tools": v("tools"),
        "labour": v("labour"),
        "other_fixed": v("other"),
        "reimbursements": Decimal(0),
    }
    return {
        name: amount if name == "units_sold" else amount.quantize(CENT, ROUND_HALF_UP)
        for name, amount in parts.items()
    }


@dataclass(frozen=True, slots=True)
class PlanRow:
    """One scenario: the base, or the base with one assumption changed."""

    scenario: str  # "base" or e.g. "ad-share=15%"
    vary: tuple[str, Decimal] | None
    values: dict[str, Decimal | None]
    lines: dict[str, Any]
    break_even_acos: Decimal | None
    delta: dict[str, Any] = field(default_factory=dict)

    @property
    def scope(self) -> dict[str, Any]:
        return {"scenario": self.scenario}

    def to_record(self) -> dict[str, Any]:
        record: dict[str, Any] = {
            "scope": self.scope,
            "lines": self.lines,
            "break_even_acos": self.break_even_acos,
            "delta": self.delta,
        }
        record["vary"] = {"assumption": self.vary[0], "value": self.vary[1]} if self.vary else None
        return record


@dataclass(frozen=True, slots=True)
class PlanResult:
    """`flywheel plan`: the base month and each what-if row, the assumptions and where they came from."""

    base: PlanRow
    rows: tuple[PlanRow, ...]  # the base first, then each varied value in the order asked
    given: dict[str, Decimal]
    sources: dict[str, str]  # assumption → where it came from (a flag, the scenario file, flywheel.yaml)
    derived: tuple[str, ...]
    currency: str
    notes: tuple[str, ...] = ()
    scenario_file: str | None = None

    schema = "flywheel.plan/1"

    def to_records(self) -> list[dict[str, Any]]:
        return [row.to_record() for row in self.rows]

    def body(self) -> dict[str, Any]:
        assumptions: dict[str, Any] = dict(self.base.values)
        assumptions.update(
            currency=self.currency,
            derived=list(self.derived),
            sources=self.sources,
            refund_admin_rate=REFUND_ADMIN_RATE,
        )
        return {
            "assumptions": assumptions,
            "scenario_file": self.scenario_file,
            "rows": self.to_records(),
            "total": {"scope": {}, "lines": self.base.lines},
            "break_even_acos": self.base.break_even_acos,
            "notes": list(self.notes),
            "inputs": [],
        }


def _row(scenario: str, vary: tuple[str, Decimal] | None, given: Mapping[str, Decimal]) -> PlanRow:
    values, _ = resolve(given)
    parts = parts_of(values)
    lines = lines_from_parts(parts)
    be = present("ratio", METRICS["break_even_acos"].value(parts))
    return PlanRow(scenario, vary, values, lines, be)


def varied(
    given: Mapping[str, Decimal], base: Mapping[str, Decimal | None], name: str, value: Decimal
) -> dict[str, Decimal]:
    """The given assumptions with `name` set to `value`, one thing changed at a time:

    - sales or units: the price stays (volume changes at the same price); price: the units stay
      (no price elasticity is assumed);
    - an ad share replaces an ad spend and the other way round;
    - anything else is simply replaced.
    """
    changed = dict(given)
    if name in ADS:
        for key in ADS:
            changed.pop(key, None)
        changed[name] = value
        return changed
    if name not in TRIO:
        changed[name] = value
        return changed
    sales, units = base["sales"] or Decimal(0), base["units"]
    for key in TRIO:
        changed.pop(key, None)
    changed[name] = value
    if name == "sales":
        if "price" in given:
            changed["price"] = given["price"]
        elif units is not None and sales:
            changed["units"] = _units(units * value / sales)
    elif name == "units":
        changed["sales"] = sales * value / units if units else sales
    elif units is not None:  # price
        changed["units"] = units
    else:
        changed["sales"] = sales
    return changed


def _units(value: Decimal) -> Decimal:
    return value if value == value.quantize(CENT) else value.quantize(CENT, ROUND_HALF_UP)


def plan(
    given: Mapping[str, Decimal],
    varies: Iterable[tuple[str, list[Decimal]]] = (),
    *,
    currency: str = "USD",
    sources: Mapping[str, str] | None = None,
    scenario_file: str | None = None,
) -> PlanResult:
    values, derived = resolve(given)
    base = _row("base", None, given)
    rows = [base]
    for name, options in varies:
        for value in options:
            row = _row(f"{BY_NAME[name].flag[2:]}={show_value(name, value)}", (name, value),
                       varied(given, values, name, value))  # fmt: skip
            rows.append(row)
    rows = [_with_delta(row, base) for row in rows]
    notes = []
    if not values.get("cogs_per_unit"):
        notes.append("no cost of goods (--cogs-per-unit): profit is before COGS")
    return PlanResult(
        base=rows[0],
        rows=tuple(rows),
        given=dict(given),
        sources=dict(sources or {}),
        derived=derived,
        currency=currency,
        notes=tuple(notes),
        scenario_file=scenario_file,
    )


def _with_delta(row: PlanRow, base: PlanRow) -> PlanRow:
    def minus(a: Any, b: Any) -> Any:
        return None if a is None or b is None else a - b

    delta = {
        "net_profit": minus(row.lines["net_profit"], base.lines["net_profit"]),
        "net_margin": present("ratio", minus(row.lines["net_margin"], base.lines["net_margin"])),
        "total_costs": minus(row.lines["total_costs"], base.lines["total_costs"]),
    }
    return PlanRow(row.scenario, row.vary, row.values, row.lines, row.break_even_acos, delta)
