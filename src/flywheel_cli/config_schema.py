"""The pydantic schema of flywheel.yaml: imported only when a file is actually validated."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from flywheel_cli.core.yamldoc import bounded

Number = Annotated[Decimal, AfterValidator(bounded)]  # within bounds, even when written in quotes
Amount = Number | dict[str, Number]


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


Days = Annotated[int, Field(ge=0, le=3650)]  # whole days, at most ten years


class RestockDaysModel(_Strict):
    """An override of `restock:`: only the days it names; the others come from the level below."""

    lead_time_days: Days | None = None
    safety_days: Days | None = None
    cover_days: Days | None = None


class RestockModel(_Strict):
    """`flywheel restock` (docs/analyses.md): lead time, safety stock and cover, in days. The
    defaults are placeholders (cover 45 days: the playbook's ideal days of supply); set your own."""

    lead_time_days: Days = 30
    safety_days: Days = 14
    cover_days: Days = 45
    skus: dict[str, RestockDaysModel] = Field(default_factory=dict)  # SKU glob → override
    categories: dict[str, RestockDaysModel] = Field(default_factory=dict)  # category → override


class ConfigModel(_Strict):
    currency: str | None = None
    marketplace: str | None = None
    costs: CostsModel = Field(default_factory=CostsModel)
    categories: dict[str, str] = Field(default_factory=dict)
    tags: dict[str, list[str]] = Field(default_factory=dict)
    rules: list[str] = Field(default_factory=list)
    fx: dict[str, Number] = Field(default_factory=dict)
    spans: dict[str, tuple[date, date]] = Field(default_factory=dict)
    marketplaces: dict[str, str] = Field(default_factory=dict)
    restock: RestockModel = Field(default_factory=RestockModel)

    @field_validator("marketplaces")
    @classmethod
    def _marketplaces(cls, value: dict[str, str]) -> dict[str, str]:
        """`file-glob: CODE`: the marketplace of a report that does not name it (a Business Report)."""
        from flywheel_cli.reports.markets import marketplace_code

        codes = {}
        for name, text in value.items():
            code = marketplace_code(text)
            if code is None:
                raise ValueError(
                    f"{name}: {text!r} is not a marketplace (US, CA, UK, DE, FR, … or amazon.de)"
                )
            codes[name] = code
        return codes

    @field_validator("fx")
    @classmethod
    def _fx(cls, value: dict[str, Decimal]) -> dict[str, Decimal]:
        """A rate is what one unit of the currency is worth: a positive number (0 would zero every
        amount, a negative rate flip every sign)."""
        for code, rate in value.items():
            if not rate.is_finite() or rate <= 0:
                raise ValueError(f"{code}: a rate is a positive number (what 1 {code} is worth), not {rate}")
        return value

    @field_validator("spans", mode="before")
    @classmethod
    def _spans(cls, value: object) -> object:
        """`file-glob: START..END`: the days a report without dates covers (a by-item Business Report)."""
        if not isinstance(value, dict):
            return value
        spans = {}
        for name, text in value.items():
            start, sep, end = str(text).partition("..")
            try:
                first, last = date.fromisoformat(start.strip()), date.fromisoformat(end.strip())
            except ValueError:
                raise ValueError(f"{name}: a span is START..END, e.g. 2026-10-01..2026-10-31") from None
            if not sep or first > last:
                raise ValueError(f"{name}: a span is START..END with START on or before END")
            spans[str(name)] = (first, last)
        return spans

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str | None) -> str | None:
        if value is not None and (len(value) != 3 or not value.isalpha()):
            raise ValueError("a three-letter currency code such as USD")
        return value.upper() if value else value
