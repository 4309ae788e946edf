"""The pydantic schema of flywheel.yaml: imported only when a file is actually validated."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Amount = Decimal | dict[str, Decimal]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MonthlyModel(_Strict):
    tools: Amount = Decimal(0)
    labour: Amount = Decimal(0)
    other: Amount = Decimal(0)


class CostsModel(_Strict):
    cogs_file: Path | None = None
    monthly: MonthlyModel = Field(default_factory=MonthlyModel)
    allocation: Literal["revenue", "units", "even"] = "revenue"


class ConfigModel(_Strict):
    currency: str | None = None
    marketplace: str | None = None
    costs: CostsModel = Field(default_factory=CostsModel)
    categories: dict[str, str] = Field(default_factory=dict)
    tags: dict[str, list[str]] = Field(default_factory=dict)
    rules: list[str] = Field(default_factory=list)
    fx: dict[str, Decimal] = Field(default_factory=dict)

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str | None) -> str | None:
        if value is not None and (len(value) != 3 or not value.isalpha()):
            raise ValueError("a three-letter currency code such as USD")
        return value.upper() if value else value
