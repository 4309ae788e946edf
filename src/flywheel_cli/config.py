"""flywheel.yaml: the store's settings.

The file is validated by a pydantic schema (config_schema.py; errors at file:line:col) at the trust
boundary; inside, settings are plain frozen dataclasses, so a run without a flywheel.yaml never
imports pydantic (it costs a tenth of a second of start-up).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from flywheel_cli.core import yamldoc
from flywheel_cli.core.errors import ConfigError

if TYPE_CHECKING:
    from flywheel_cli.config_schema import RestockDaysModel, RestockModel

CONFIG_NAME = "flywheel.yaml"

Amount = Decimal | dict[str, Decimal]


@dataclass(frozen=True, slots=True)
class Monthly:
    """Fixed monthly costs: a number, or a map of named items that are added up."""

    tools: Amount = Decimal(0)
    labour: Amount = Decimal(0)
    other: Amount = Decimal(0)

    def total(self, name: Literal["tools", "labour", "other"]) -> Decimal:
        value = getattr(self, name)
        return sum(value.values(), Decimal(0)) if isinstance(value, dict) else Decimal(value)


@dataclass(frozen=True, slots=True)
class Costs:
    """`costs:` in flywheel.yaml: the cost file, fixed monthly costs, how shared costs go to SKUs."""

    cogs_file: Path | None = None
    monthly: Monthly = field(default_factory=Monthly)
    allocation: Literal["revenue", "units", "even"] = "revenue"


@dataclass(frozen=True, slots=True)
class RestockDays:
    """Replenishment days (`flywheel restock`, docs/analyses.md); None: not set at this level."""

    lead_time_days: int | None = None
    safety_days: int | None = None
    cover_days: int | None = None


@dataclass(frozen=True, slots=True)
class Restock:
    """`restock:` in flywheel.yaml: the days every SKU uses, and overrides by SKU glob (first match,
    in file order) and by category; a SKU glob wins over a category, a category over the defaults."""

    defaults: RestockDays = field(default_factory=lambda: RestockDays(30, 14, 45))
    skus: tuple[tuple[str, RestockDays], ...] = ()
    categories: tuple[tuple[str, RestockDays], ...] = ()


@dataclass(frozen=True, slots=True)
class Config:
    """flywheel.yaml, validated: the store's settings, each at its default when the file does not set it."""

    currency: str | None = None
    marketplace: str | None = None
    costs: Costs = field(default_factory=Costs)
    categories: dict[str, str] = field(default_factory=dict)  # SKU glob → category
    tags: dict[str, list[str]] = field(default_factory=dict)  # SKU glob → tags (rule `where: {tag: …}`)
    rules: list[str] = field(default_factory=list)  # rule files, folders or shipped packs (docs/rules.md)
    fx: dict[str, Decimal] = field(default_factory=dict)  # currency → rate into `currency`
    # file glob → the days a report without dates covers; → the marketplace of a report that names none
    spans: dict[str, tuple[date, date]] = field(default_factory=dict)
    marketplaces: dict[str, str] = field(default_factory=dict)
    path: Path | None = None  # the file it was read from
    restock: Restock = field(default_factory=Restock)  # `flywheel restock` (analyses/restock.py)

    def resolve(self, relative: Path) -> Path:
        """Paths in the file are relative to the file."""
        base = self.path.parent if self.path else Path.cwd()
        return relative if relative.is_absolute() else base / relative


def load(path: Path, cache: bool = True) -> Config:
    """The validated file. A file validated before (the same bytes, the same flywheel) is taken from the
    parse cache (core/parse_cache.py), as rule files are: a weekly run then imports no pydantic. That
    the cost file exists is checked on every run."""
    from flywheel_cli.core.parse_cache import validated

    config = validated(path, ("config", str(path)), lambda: _validated(path), Config, cache)
    costs = config.costs
    if costs.cogs_file is not None and not config.resolve(costs.cogs_file).is_file():
        # Said at the line that names the file: that is what to fix.
        _, marks = yamldoc.load_mapping(path, "the top level must be a mapping of settings")
        line, column = yamldoc.locate(marks, ("costs", "cogs_file"))
        raise ConfigError(
            f"costs.cogs_file: no such file {str(config.resolve(costs.cogs_file))!r}",
            path=str(path), line=line, column=column,
            hint="the path is relative to this flywheel.yaml",
        )  # fmt: skip
    return config


def _validated(path: Path) -> Config:
    from pydantic import ValidationError

    from flywheel_cli.config_schema import ConfigModel

    data, marks = yamldoc.load_mapping(path, "the top level must be a mapping of settings")
    try:
        model = ConfigModel.model_validate(data)
    except ValidationError as exc:
        raise yamldoc.validation_error(path, marks, exc) from None
    monthly = model.costs.monthly
    costs = Costs(
        model.costs.cogs_file, Monthly(monthly.tools, monthly.labour, monthly.other), model.costs.allocation
    )
    config = Config(model.currency, model.marketplace, costs, dict(model.categories),
                    {k: list(v) for k, v in model.tags.items()}, list(model.rules), dict(model.fx),
                    dict(model.spans), dict(model.marketplaces))  # fmt: skip
    return replace(config, path=path, restock=_restock(model.restock))


def _restock(model: RestockModel) -> Restock:
    def days(level: RestockDaysModel) -> RestockDays:
        return RestockDays(level.lead_time_days, level.safety_days, level.cover_days)

    defaults = RestockDays(model.lead_time_days, model.safety_days, model.cover_days)
    return Restock(
        defaults,
        tuple((glob, days(level)) for glob, level in model.skus.items()),
        tuple((name, days(level)) for name, level in model.categories.items()),
    )


def discover(explicit: Path | None, inputs: list[str], cache: bool = True) -> Config:
    """`--config FILE`; else ./flywheel.yaml; else the flywheel.yaml of the one folder given, or of the
    one folder among several that has one (a store's folder plus a folder of older months). `cache`
    False (`--no-cache`): validated again, the parse cache neither read nor written."""
    if explicit is not None:
        try:
            is_file = explicit.is_file()
        except OSError as exc:  # a name too long for the file system, a folder on the way not searchable
            raise ConfigError(
                f"cannot be read: {exc.strerror}",
                path=str(explicit),
                hint="--config takes the path of a flywheel.yaml",
            ) from None
        if not is_file:
            raise ConfigError(
                "no such file", path=str(explicit), hint="--config takes the path of a flywheel.yaml"
            )
        return load(explicit, cache)
    here = Path.cwd() / CONFIG_NAME
    if here.is_file():
        return load(here, cache)
    folders = [Path(p) for p in inputs if p != "-" and Path(p).is_dir()]
    found = [folder / CONFIG_NAME for folder in folders if (folder / CONFIG_NAME).is_file()]
    if len(found) == 1:
        return load(found[0], cache)
    return Config()


__all__ = ["Config", "discover", "load"]
