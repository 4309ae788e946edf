"""Finding and loading rule files: a file, a folder of them, or a shipped pack by name.

Shipped packs are the repository's top-level `rules/<pack>.yaml`, installed as
`flywheel_cli/rules/<pack>.yaml` inside the package (a symbolic link in the source tree, the files in
the wheel), and are shown as `rules/<pack>.yaml`. Every error is `file:line:col: error: …` (exit 2).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from flywheel_cli.checks.rule import LoadedRule, build
from flywheel_cli.core import yamldoc
from flywheel_cli.core.errors import ConfigError

SHIPPED_DIR = Path(__file__).resolve().parent.parent / "rules"
# Default order, the triage order of the source documents: account health, then ads, then inventory.
PACK_ORDER = ("amazon-account-health", "flywheel", "advertising", "inventory", "profitability")
# Shipped packs loaded only when named (`--rules listing`): their metrics need reports that a KPI run
# does not usually have (listings, seller feedback), and a default run's checks stay as they were.
OPT_IN_PACKS = frozenset({"listing", "customer-service"})
TEST_SUFFIXES = (".test.yaml", ".test.yml")


@dataclass(frozen=True, slots=True)
class RuleSource:
    """A rule file to load: where it is read from, and how findings name it."""

    path: Path  # where it is read from
    display: str  # how findings name it: as given, or rules/<pack>.yaml for a shipped pack


def shipped_packs() -> list[str]:
    return list(_shipped_packs())


@functools.cache
def _shipped_packs() -> tuple[str, ...]:
    """The shipped folder's packs, listed once a process (a default run asks for each pack's name)."""
    names = sorted(path.stem for path in SHIPPED_DIR.glob("*.yaml"))
    return (*(name for name in PACK_ORDER if name in names), *(n for n in names if n not in PACK_ORDER))


def _is_rule_file(path: Path) -> bool:
    return path.suffix in {".yaml", ".yml"} and not path.name.endswith(TEST_SUFFIXES)


def resolve(spec: str, base: Path | None = None) -> list[RuleSource]:
    """`--rules` / flywheel.yaml `rules:` entry → rule files. Paths in flywheel.yaml are relative to it."""
    candidate = Path(spec)
    if base is not None and not candidate.is_absolute():
        candidate = base / candidate
    if candidate.is_dir():
        files = sorted(p for p in candidate.iterdir() if p.is_file() and _is_rule_file(p))
        if not files:
            raise ConfigError("no rule files (*.yaml) in this folder", path=spec)
        return [RuleSource(p, str(p)) for p in files]
    if candidate.is_file():
        return [RuleSource(candidate, str(candidate))]
    if spec in shipped_packs():
        return [RuleSource(SHIPPED_DIR / f"{spec}.yaml", f"rules/{spec}.yaml")]
    if "/" in spec or "\\" in spec or spec.endswith((".yaml", ".yml")):
        raise ConfigError("no such rule file or folder", path=spec)
    raise ConfigError(
        f"no rule file, folder or shipped pack named {spec!r}",
        hint=f"shipped packs: {', '.join(shipped_packs())}",
    )


def load_source(source: RuleSource, cache: bool = True) -> list[LoadedRule]:
    """One rule file, validated; raises the first error. A file validated before (the same bytes, the
    same flywheel) is taken from the parse cache (core/parse_cache.py): parsing YAML with its
    locations and validating it is most of a small run's work after the imports."""
    from flywheel_cli.core.parse_cache import validated

    return validated(source.path, ("rules", source.display), lambda: _validated(source), list, cache)


def _validated(source: RuleSource) -> list[LoadedRule]:
    from pydantic import ValidationError

    from flywheel_cli.checks.schema import RuleFile, runtime

    data, marks = yamldoc.load(source.path)
    if not isinstance(data, dict):
        raise ConfigError(
            "a rule file is a mapping with `pack`, `version` and `rules`",
            path=source.display,
            line=1,
            column=1,
        )
    try:
        document = RuleFile.model_validate(data)
    except ValidationError as exc:
        raise yamldoc.validation_error(Path(source.display), marks, exc) from None
    rules = [
        build(
            runtime(
                rule
                if rule.source
                else rule.model_copy(update={"source": f"your rule file {source.display}"})
            ),
            document.pack,
            source.display,
            marks,
            index,
        )
        for index, rule in enumerate(document.rules)
    ]
    _unique(rules, {})
    return rules


def validate(source: RuleSource) -> tuple[int, list[ConfigError]]:
    """For `flywheel rules validate`: the number of rules, or every error of the file, located."""
    from pydantic import ValidationError

    from flywheel_cli.checks.schema import RuleFile

    try:
        return len(load_source(source)), []
    except ConfigError as first:
        try:
            data, marks = yamldoc.load(source.path)
            RuleFile.model_validate(data)
        except ValidationError as exc:  # report every schema error, not only the first
            return 0, yamldoc.validation_errors(Path(source.display), marks, exc)
        except ConfigError:
            pass
        return 0, [first]


def _unique(rules: Sequence[LoadedRule], seen: dict[str, LoadedRule]) -> None:
    for rule in rules:
        first = seen.get(rule.id)
        if first is not None and first is not rule:
            raise ConfigError(
                f"rules[{rule.index}].id: rule {rule.id!r} is already defined at {first.location}",
                path=rule.file,
                line=rule.line,
                column=rule.column,
                hint="rule ids are unique across every rule file loaded together",
            )
        seen[rule.id] = rule


def load(specs: Sequence[str], base: Path | None = None, cache: bool = True) -> list[LoadedRule]:
    """Every rule of the given files, folders and packs (default: every shipped pack), ids unique."""
    sources: list[RuleSource] = []
    seen: set[Path] = set()  # each file once, however it is named (each path resolved once)
    for spec in specs or [pack for pack in shipped_packs() if pack not in OPT_IN_PACKS]:
        for source in resolve(spec, base if specs else None):
            resolved = source.path.resolve()
            if resolved not in seen:
                seen.add(resolved)
                sources.append(source)
    rules: list[LoadedRule] = []
    for source in sources:
        rules.extend(load_source(source, cache))
    _unique(rules, {})
    return rules
