"""Gathering a plan's assumptions: flywheel.yaml, then a scenario file, then the flags (later wins)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path

from flywheel_cli.config import Config
from flywheel_cli.core.errors import UsageError
from flywheel_cli.economics.plan import PlanResult


def gather(
    flags: Mapping[str, str | None],
    scenario: Path | None = None,
    vary: Sequence[str] = (),
    currency: str | None = None,
    config: Config | None = None,
    shown: Callable[[Path], str] = str,
) -> PlanResult:
    """The plan of `flywheel plan` from every source of assumptions.

    Assumptions come from flywheel.yaml (fixed monthly costs), then the scenario file, then the
    flags (`flags`: assumption name → the option's text, None when not given); later ones win.
    """
    from flywheel_cli.economics import plan as planning
    from flywheel_cli.economics import scenario as scenarios

    given: dict[str, Decimal] = {}
    sources: dict[str, str] = {}
    if config is not None and config.path is not None:
        for key, name in (("tools", "tools"), ("labour", "labour"), ("other", "other")):
            amount = config.costs.monthly.total(key)  # type: ignore[arg-type]
            if amount:
                given[name], sources[name] = amount, shown(config.path)
    loaded = scenarios.load(scenario) if scenario is not None else None
    if loaded is not None:
        for name, value in loaded.values.items():
            given[name], sources[name] = value, shown(loaded.path)
    parsed: dict[str, Decimal] = {}
    for name, text in flags.items():
        if text is None:
            continue
        flag = planning.BY_NAME[name].flag
        try:
            parsed[name] = planning.parse_value(name, text)
        except ValueError as exc:
            raise UsageError(f"{flag}: {exc}") from None
    if loaded is not None:
        try:
            planning.resolve(given)
        except planning.PlanError as exc:
            raise loaded.error(exc) from None
    trio = [name for name in planning.TRIO if name in parsed]
    if len(trio) == 1 and any(name in given for name in planning.TRIO):
        # One of sales/units/price on the command line changes the scenario's as a what-if would.
        before = dict(given)
        given = planning.varied(given, planning.resolve(given)[0], trio[0], parsed[trio[0]])
        for name in planning.TRIO:
            if name not in given:
                sources.pop(name, None)
            elif before.get(name) != given[name]:
                sources[name] = "derived"
    elif len(trio) > 1:
        for name in planning.TRIO:
            given.pop(name, None)
            sources.pop(name, None)
    for name, value in parsed.items():
        if name in planning.ADS:
            for other in planning.ADS:
                if other not in parsed:
                    given.pop(other, None)
                    sources.pop(other, None)
        given[name], sources[name] = value, planning.BY_NAME[name].flag
    varies = dict(loaded.varies) if loaded is not None else {}
    for text in vary:
        try:
            name, values = planning.parse_vary(text)
        except ValueError as exc:
            raise UsageError(
                f"--vary {text!r}: {exc}",
                hint="for example --vary ad-share=15%..25%:5% or --vary commission=8%,15%",
            ) from None
        varies.pop(name, None)
        varies[name] = values
    code = currency or (loaded.currency if loaded else None) or (config.currency if config else None) or "USD"
    if len(code) != 3 or not code.isalpha():
        raise UsageError(f"--currency {code!r}: a three-letter currency code such as USD")
    try:
        return planning.plan(
            given,
            list(varies.items()),
            currency=code.upper(),
            sources=sources,
            scenario_file=str(scenario) if scenario is not None else None,
        )
    except planning.PlanError as exc:
        raise UsageError(str(exc), hint=exc.hint) from None
