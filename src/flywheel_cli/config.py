"""flywheel.yaml: the store's settings (pydantic-validated; errors at file:line:col)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from flywheel_cli.core import yamldoc
from flywheel_cli.core.errors import ConfigError

CONFIG_NAME = "flywheel.yaml"

Amount = Decimal | dict[str, Decimal]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Monthly(_Strict):
    """Fixed monthly costs: a number, or a map of named items that are added up."""

    tools: Amount = Decimal(0)
    labour: Amount = Decimal(0)
    other: Amount = Decimal(0)

    def total(self, name: Literal["tools", "labour", "other"]) -> Decimal:
        value = getattr(self, name)
        return sum(value.values(), Decimal(0)) if isinstance(value, dict) else Decimal(value)


class Costs(_Strict):
    cogs_file: Path | None = None
    monthly: Monthly = Field(default_factory=Monthly)
    allocation: Literal["revenue", "units", "even"] = "revenue"


class Config(_Strict):
    currency: str | None = None
    marketplace: str | None = None
    costs: Costs = Field(default_factory=Costs)
    categories: dict[str, str] = Field(default_factory=dict)  # SKU glob → category
    tags: dict[str, list[str]] = Field(default_factory=dict)  # SKU glob → tags (rule `where: {tag: …}`)
    rules: list[str] = Field(default_factory=list)  # rule files, folders or shipped packs (docs/rules.md)
    fx: dict[str, Decimal] = Field(default_factory=dict)  # currency → rate into `currency`
    path: Path | None = Field(default=None, exclude=True)

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str | None) -> str | None:
        if value is not None and (len(value) != 3 or not value.isalpha()):
            raise ValueError("a three-letter currency code such as USD")
        return value.upper() if value else value

    def resolve(self, relative: Path) -> Path:
        """Paths in the file are relative to the file."""
        base = self.path.parent if self.path else Path.cwd()
        return relative if relative.is_absolute() else base / relative


def load(path: Path) -> Config:
    data, marks = yamldoc.load(path)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError("the top level must be a mapping of settings", path=str(path), line=1, column=1)
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        raise yamldoc.validation_error(path, marks, exc) from None
    return config.model_copy(update={"path": path})


def discover(explicit: Path | None, inputs: list[str]) -> Config:
    """`--config FILE`; else ./flywheel.yaml; else the flywheel.yaml of the one folder given."""
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(
                "no such file", path=str(explicit), hint="--config takes the path of a flywheel.yaml"
            )
        return load(explicit)
    here = Path.cwd() / CONFIG_NAME
    if here.is_file():
        return load(here)
    folders = [Path(p) for p in inputs if p != "-" and Path(p).is_dir()]
    if len(folders) == 1 and (folders[0] / CONFIG_NAME).is_file():
        return load(folders[0] / CONFIG_NAME)
    return Config()


__all__ = ["Config", "discover", "load"]
