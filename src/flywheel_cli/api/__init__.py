"""One function per command. Each returns a result object and never prints (the CLI renders).

The analyses' commands (`ads terms`, `fees audit` …) have their functions in modules of this package
beside it, each calling one module of `flywheel_cli.analyses`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flywheel_cli.config import Config
from flywheel_cli.core.errors import UsageError
from flywheel_cli.core.parse_cache import ParseCache, enabled_by_environment
from flywheel_cli.core.results import (
    CostRow,
    CostsResult,
    InspectResult,
    KpiResult,
    MetricInfo,
    MetricsResult,
    ReportResult,
    SkuLine,
)
from flywheel_cli.economics import breakdown
from flywheel_cli.economics.lines import LINE_PARTS, lines_from_parts, reconciliation
from flywheel_cli.metrics.combine import duplicate_note
from flywheel_cli.metrics.engine import tabulate
from flywheel_cli.metrics.fold import Ledger, Window
from flywheel_cli.metrics.rollup import TIME_GRAINS, Grain, Maps, metrics_of, rollup
from flywheel_cli.metrics.term_grains import REASONS as TERM_REASONS
from flywheel_cli.reports.inputs import Inputs, find
from flywheel_cli.reports.tally import Progress, Tally

if TYPE_CHECKING:
    from flywheel_cli.checks.results import RuleDetail, RulesList, RuleTestResult, ValidateResult
    from flywheel_cli.checks.rule import LoadedRule
    from flywheel_cli.checks.table import LedgerTable
    from flywheel_cli.core.findings import CheckResult, Evaluation
    from flywheel_cli.economics.plan import PlanResult


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read inputs: shared by every command that takes PATH…"""

    kind: str | None = None
    encoding: str | None = None
    cache: bool = True  # keep each input's fold for the next run (--no-cache: off; core/parse_cache.py)


def open_reports(paths: list[str], options: ReadOptions, require: bool = True) -> Inputs:
    """The reports among `paths` (folders walked), their kinds known, each opened only when read."""
    inputs = find(paths, kind=options.kind, encoding=options.encoding, require=require)
    if options.cache and enabled_by_environment():
        inputs.cache = ParseCache()
    return inputs


def inspect(paths: list[str], options: ReadOptions | None = None) -> InspectResult:
    """What each file is: kind, layout, language, encoding, rows, period, currency, marketplace."""
    inputs = open_reports(paths, options or ReadOptions(), require=False)
    summaries = []
    try:
        for report in inputs.open():
            tally = Tally(report)
            for _ in tally.records():
                pass
            summaries.append(tally.summary())
    finally:
        inputs.close()
    seen: dict[str, str] = {}
    noted = [replace(s, note=note) if (note := duplicate_note(seen, s)) else s for s in summaries]
    return InspectResult(tuple(noted), tuple(inputs.skipped))


def kpis(
    paths: list[str],
    options: ReadOptions | None = None,
    grain: Grain = Grain.ACCOUNT,
    window: Window | None = None,
    config: Config | None = None,
    progress: Progress | None = None,
    requested: Sequence[str] = (),
) -> KpiResult:
    """The KPI table at a grain (DESIGN section 4). `requested` metrics are in it even when their
    reports are opt-in and absent (listings, feedback, stranded inventory): null, with the reason."""
    result, costed = _analyse(paths, options, grain, window, config or Config(), progress, requested)
    return replace(result, warnings=costed.warnings)


def _analyse(
    paths: list[str],
    options: ReadOptions | None,
    grain: Grain,
    window: Window | None,
    settings: Config,
    progress: Progress | None,
    requested: Sequence[str] = (),
) -> tuple[KpiResult, breakdown.Costed]:
    """Read every input once, add the store's costs, and tabulate at `grain`."""
    from flywheel_cli.metrics.catalogue import shown_metrics

    inputs = open_reports(paths, options or ReadOptions())
    try:
        costed = breakdown.build(inputs, settings, grain, window or Window(), progress)
    finally:
        inputs.close()
    shown = shown_metrics(costed.ledger.sources)
    names = shown + [name for name in requested if name not in shown] if requested else None
    result = tabulate(costed.ledger, costed.summaries, grain, window or Window(), settings.categories, names)
    return replace(result, skipped=tuple(inputs.skipped)), costed


def report(
    paths: list[str],
    options: ReadOptions | None = None,
    window: Window | None = None,
    progress: Progress | None = None,
    config: Config | None = None,
    rules: Sequence[str] | None = None,
) -> ReportResult:
    """The Monday screen: headline KPIs against their targets, every SKU with the targets it misses,
    and the rules engine's findings (the rules `flywheel check` would evaluate)."""
    from flywheel_cli.analyses.sku_profit import profit_reasons
    from flywheel_cli.api.previous import previous_period
    from flywheel_cli.checks.engine import evaluate
    from flywheel_cli.checks.headline import headline, sku_marks
    from flywheel_cli.checks.operations_map import operations_map

    settings, options = config or Config(), options or ReadOptions()
    loaded = load_rules(rules, settings, options.cache)
    inputs = open_reports(paths, options)
    try:
        costed = _rules_ledger(inputs, settings, window or Window(), progress, loaded)
    finally:
        inputs.close()
    result = tabulate(costed.ledger, costed.summaries, Grain.ACCOUNT, window or Window(), settings.categories)
    result = replace(result, warnings=costed.warnings)
    sku_groups = _rollup(costed.ledger, Grain.SKU, settings.categories)  # rows and reasons: one roll-up
    by_sku = [(key, metrics_of(parts)) for key, parts in sku_groups.items() if key is not None]
    table = _table(costed.ledger, settings, result)
    evaluation = evaluate(loaded, table)
    marks = sku_marks(evaluation)
    # why a SKU's net profit / margin is null
    reasons = profit_reasons(sku_groups, result.unavailable, costed.costed)
    skus = []
    for key, metrics in by_sku:
        skus.append(
            SkuLine(key, metrics, {name: marks[key, name] for name in metrics if (key, name) in marks},
                    reasons.get(key, {}))
        )  # fmt: skip
    skus.sort(
        key=lambda line: (
            -(line.metrics.get("ordered_product_sales") or line.metrics.get("gross_sales") or 0),
            line.sku,
        )
    )
    kpis = headline(loaded, table, result.total.metrics)
    modules = operations_map(
        loaded, table, result.total.metrics, evaluation.findings, by_sku,
        {summary.kind for summary in result.inputs}, (result.period_start, result.period_end), settings,
    )  # fmt: skip
    previous = previous_period(paths, options, settings, result, progress)  # the period before: deltas
    return ReportResult(
        replace(result, skipped=tuple(inputs.skipped)), kpis, tuple(skus), evaluation, modules, previous
    )


def _rollup(
    ledger: Ledger, grain: Grain, categories: dict[str, str] | None
) -> dict[str | None, dict[str, Any]]:
    maps = Maps(ledger.sku_asin, ledger.asin_parent, ledger.sku_group, dict(categories or {}))
    return rollup(ledger, grain, maps)[0]


def metrics(name: str | None = None) -> MetricsResult:
    """`flywheel metrics [NAME]`: every metric (or one, by its name or a seller word such as
    `conversion`): unit, definition, the reports that feed it."""
    from flywheel_cli.metrics.catalogue import METRICS, SOURCES
    from flywheel_cli.metrics.names import ALIASES, UnknownMetric, resolve

    try:
        chosen = [resolve(name)] if name is not None else list(METRICS)
    except UnknownMetric as exc:
        raise UsageError(exc.message, hint=exc.hint) from None
    words: dict[str, list[str]] = {}
    for word, target in ALIASES.items():
        words.setdefault(target, []).append(word)
    return MetricsResult(tuple(
        MetricInfo(m.name, m.unit, m.definition, tuple(SOURCES[s] for s in m.sources), tuple(words.get(m.name, ())))
        for m in (METRICS[n] for n in chosen)
    ))  # fmt: skip


def costs(
    paths: list[str],
    options: ReadOptions | None = None,
    grain: Grain = Grain.ACCOUNT,
    window: Window | None = None,
    config: Config | None = None,
    progress: Progress | None = None,
) -> CostsResult:
    """The cost breakdown (DESIGN section 5) per row of `grain`, plus `unallocated` and the total."""
    if grain is Grain.CAMPAIGN:  # the costs have no campaign: only the Ads reports carry campaigns
        raise UsageError(
            "costs has no campaign grain: only the Ads reports carry campaigns",
            hint="`flywheel kpis PATH… --by campaign` gives each campaign's Ads metrics",
        )
    if grain in {Grain.SEARCH_TERM, Grain.TARGETING}:  # likewise (metrics/term_grains.py)
        raise UsageError(
            f"costs has no {grain.value} grain: {TERM_REASONS[grain.value]}",
            hint=f"`flywheel kpis PATH… --by {grain.value}` gives their Ads metrics",
        )
    settings = config or Config()
    result, costed = _analyse(paths, options, grain, window, settings, progress)
    warnings = list(costed.warnings)
    if not costed.costed:
        warnings.append(
            "no cost file: cogs, total_costs and net_profit are empty; set costs.cogs_file in flywheel.yaml"
        )
    rows = tuple(
        # A row without sales (the unallocated row) has a cost of goods of 0 (metrics/rollup.py).
        CostRow(row.scope, lines_from_parts(row.parts))
        for row in result.rows
        # A month holding only a stock snapshot has no money: no row; nor the row of undated inputs at
        # a time grain (listings, performance). The unallocated row always shows.
        if any(row.parts.get(part) for part in LINE_PARTS.values())
        or (None in row.scope.values() and grain not in TIME_GRAINS)
    )
    total = CostRow({}, lines_from_parts(result.total.parts))
    return CostsResult(
        reconciliation=reconciliation(result.total.parts, costed.ledger.converted),
        grain=grain.value,
        rows=rows,
        total=total,
        kpis=result,
        allocation=settings.costs.allocation,
        fixed_costs=costed.fixed_costs,
        warnings=tuple(warnings),
    )


def plan(
    flags: Mapping[str, str | None],
    scenario: Path | None = None,
    vary: Sequence[str] = (),
    currency: str | None = None,
    config: Config | None = None,
) -> PlanResult:
    """`flywheel plan`: the cost breakdown of a month from assumptions (economics/assumptions.py)."""
    from flywheel_cli.economics.assumptions import gather

    return gather(flags, scenario, vary, currency, config, shown=_shown)


def _shown(path: Path) -> str:
    """A path as the user would write it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def init(marketplace: str = "US", currency: str | None = None) -> str:
    """`flywheel init`: the text of a commented starter flywheel.yaml (the CLI writes it)."""
    from importlib.resources import files

    from flywheel_cli.reports.markets import CURRENCIES, marketplace_code

    code = marketplace_code(marketplace)
    if code is None:
        raise UsageError(
            f"--marketplace {marketplace!r} is not a marketplace",
            hint="a code such as US, CA, MX, UK, DE, FR, IT, ES, JP, IN or a domain such as amazon.de",
        )
    money = (currency or CURRENCIES.get(code, "USD")).upper()
    if len(money) != 3 or not money.isalpha():
        raise UsageError(f"--currency {currency!r}: a three-letter currency code such as USD")
    template = files("flywheel_cli").joinpath("data/starter.yaml").read_text(encoding="utf-8")
    return template.replace("__MARKETPLACE__", code).replace("__CURRENCY__", money)


# --- rules: `flywheel check` and `flywheel rules …` (DESIGN sections 6-8) ---------------------------


def load_rules(
    rules: Sequence[str] | None = None, config: Config | None = None, cache: bool = True
) -> list[LoadedRule]:
    """`--rules` files, folders or packs; else flywheel.yaml's `rules:`; else every shipped pack."""
    from flywheel_cli.checks import loader

    if rules:
        return loader.load(list(rules), cache=cache)
    if config is not None and config.rules:
        return loader.load(config.rules, config.path.parent if config.path else None, cache)
    return loader.load([], cache=cache)


def _rules_ledger(
    reports: Inputs,
    settings: Config,
    window: Window,
    progress: Progress | None,
    rules: Sequence[LoadedRule],
) -> breakdown.Costed:
    """The reports folded for the rules, with the seller's costs added and shared out to SKUs as
    `flywheel costs --by sku` does. Payments are folded by day only when a rule reads a daily
    (weekly, monthly) series that Payments feed; other daily series (Business Report by date, Ads,
    returns) are dated anyway."""
    from flywheel_cli.checks.engine import needs_dated_payments
    from flywheel_cli.economics.costs import allocate

    if not needs_dated_payments(rules):
        return breakdown.build(reports, settings, Grain.SKU, window, progress)
    costed = breakdown.build(reports, settings, Grain.DAY, window, progress)
    if costed.costed:
        allocate(costed.ledger, settings.costs.allocation)  # as build() does at a grain that is not time
    return costed


def _evaluate(rules: Sequence[LoadedRule], ledger: Ledger, settings: Config, result: KpiResult) -> Evaluation:
    from flywheel_cli.checks.engine import evaluate

    return evaluate(rules, _table(ledger, settings, result))


def _table(ledger: Ledger, settings: Config, result: KpiResult) -> LedgerTable:
    """The rows the rules engine judges (checks.table)."""
    from flywheel_cli.checks.table import LedgerTable
    from flywheel_cli.metrics.channels import sku_channels

    maps = Maps(ledger.sku_asin, ledger.asin_parent, ledger.sku_group, dict(settings.categories),
                sku_channels(ledger.sku_channel))  # a rule's `grain: fulfillment`  # fmt: skip
    return LedgerTable(ledger, maps, settings.tags, result.unavailable)


def check(
    paths: list[str],
    options: ReadOptions | None = None,
    rules: Sequence[str] | None = None,
    window: Window | None = None,
    config: Config | None = None,
    progress: Progress | None = None,
) -> CheckResult:
    """The CI gate: evaluate rules against the inputs' metrics (the CLI turns findings into exit codes)."""
    from flywheel_cli.core.findings import CheckResult

    settings, options = config or Config(), options or ReadOptions()
    # The rules before the inputs: a bad rule file fails fast.
    loaded = load_rules(rules, settings, options.cache)
    inputs = open_reports(paths, options)
    try:
        costed = _rules_ledger(inputs, settings, window or Window(), progress, loaded)
    finally:
        inputs.close()
    result = tabulate(costed.ledger, costed.summaries, Grain.ACCOUNT, window or Window(), settings.categories)
    result = replace(result, skipped=tuple(inputs.skipped), warnings=costed.warnings)
    return CheckResult(_evaluate(loaded, costed.ledger, settings, result), result, costed.warnings)


def rules_list(rules: Sequence[str] | None = None, config: Config | None = None) -> RulesList:
    """Every rule that `check` would evaluate: id, pack, metric, levels, basis."""
    from flywheel_cli.checks.results import RulesList

    return RulesList(tuple(rule.info() for rule in load_rules(rules, config)))


def rules_show(rule_id: str, rules: Sequence[str] | None = None, config: Config | None = None) -> RuleDetail:
    """One rule in full: levels, overrides, scope, sample floor, streak, basis, source, hint."""
    import difflib

    from flywheel_cli.checks.results import RuleDetail
    from flywheel_cli.metrics.catalogue import METRICS

    loaded = load_rules(rules, config)
    if not rules:
        known = {rule.id for rule in loaded}
        loaded += [rule for rule in load_rules([], None) if rule.id not in known]  # and every shipped pack
    found = next((rule for rule in loaded if rule.id == rule_id), None)
    if found is None:
        close = difflib.get_close_matches(rule_id, [rule.id for rule in loaded], n=3)
        hint = f"did you mean {', '.join(close)}?" if close else "flywheel rules list shows every rule"
        raise UsageError(f"no rule {rule_id!r}", hint=hint)
    metric = METRICS[found.spec.metric]
    document = dict(found.spec.document)
    return RuleDetail(found.info(), document, metric.unit, metric.definition)


def rules_validate(paths: list[str]) -> ValidateResult:
    """Validate rule files (or folders, or shipped packs by name); every error, located."""
    from flywheel_cli.checks import loader
    from flywheel_cli.checks.results import FileCheck, ValidateResult

    files = []
    for spec in paths:
        for source in loader.resolve(spec):
            count, errors = loader.validate(source)
            files.append(FileCheck(source.display, count, tuple(error.render() for error in errors)))
    return ValidateResult(tuple(files))


def rules_test(paths: list[str]) -> RuleTestResult:
    """Run rule unit tests: YAML cases of metric values and the findings they must give."""
    from flywheel_cli.checks import ruletest
    from flywheel_cli.checks.loader import TEST_SUFFIXES
    from flywheel_cli.checks.results import RuleTestResult

    cases = []
    for spec in paths:
        path = Path(spec)
        files = (
            sorted(p for p in path.iterdir() if p.name.endswith(TEST_SUFFIXES)) if path.is_dir() else [path]
        )
        if not files or not all(f.is_file() for f in files):
            raise UsageError("no such rule test file (or no *.test.yaml in the folder)", path=spec)
        for file in files:
            cases.extend(ruletest.run(file))
    return RuleTestResult(tuple(cases))
