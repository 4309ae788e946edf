"""Sponsored Brands and Sponsored Display reports (legacy console, 2025+ console, API v3).

Both attribute over 14 days (`14 Day Total Sales`); both write columns Sponsored Products never does
(`Cost type`, `Viewable Impressions`, `VCPM`, new-to-brand and branded-search columns; SD also the
`- (Click)` columns and `View-Through Rate (VTR)`), which is how kinds/ads.py `classify` tells them
from SP. Sponsored Brands rows carry no SKU: their spend goes to the row without a SKU
(docs/metrics.md, "Sources").
"""

from __future__ import annotations

from flywheel_cli.reports.kinds.ads import FIELDS, IGNORED, AdsKind, accepts, layout
from flywheel_cli.reports.spec import KindSpec

_EXPECTED = ("impressions", "clicks", "spend", "orders")


def _spec(name: str, title: str) -> KindSpec:
    return KindSpec(name, title, FIELDS, IGNORED, layout=layout, accepts=accepts(name))


class BrandsCampaign(AdsKind):
    SPEC = _spec("ads-sb-campaign", "Sponsored Brands campaign report")
    EXPECTED = _EXPECTED


class BrandsSearchTerm(AdsKind):
    SPEC = _spec("ads-sb-search-term", "Sponsored Brands search term report")
    EXPECTED = _EXPECTED


class BrandsKeyword(AdsKind):
    SPEC = _spec("ads-sb-keyword", "Sponsored Brands keyword (targeting) report")
    EXPECTED = _EXPECTED


class BrandsAd(AdsKind):
    SPEC = _spec("ads-sb-ad", "Sponsored Brands ad report")
    EXPECTED = _EXPECTED


class DisplayCampaign(AdsKind):
    SPEC = _spec("ads-sd-campaign", "Sponsored Display campaign report")
    EXPECTED = _EXPECTED


class DisplayTargeting(AdsKind):
    SPEC = _spec("ads-sd-targeting", "Sponsored Display targeting report")
    EXPECTED = _EXPECTED


class DisplayAdvertisedProduct(AdsKind):
    SPEC = _spec("ads-sd-advertised-product", "Sponsored Display advertised product report")
    EXPECTED = _EXPECTED


KINDS = (
    BrandsAd(), BrandsKeyword(), BrandsSearchTerm(), BrandsCampaign(), DisplayAdvertisedProduct(),
    DisplayTargeting(), DisplayCampaign(),
)  # fmt: skip
