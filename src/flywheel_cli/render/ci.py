"""Findings for CI systems: GitHub workflow annotations, JUnit XML, SARIF 2.1.0.

Each points at the rule file line that fired (`rules/<pack>.yaml:LINE` for a shipped pack).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flywheel_cli import __version__
from flywheel_cli.core.findings import Evaluation, Finding, Severity
from flywheel_cli.render.findings import scope_cell
from flywheel_cli.render.jsonout import dumps

INFORMATION_URI = "https://pypi.org/project/flywheel-cli/"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _split(source: str) -> tuple[str, int]:
    path, _, line = source.rpartition(":")
    return path, int(line)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github(evaluation: Evaluation) -> str:
    """`::error file=…,line=…,title=…::message`, one line per finding."""
    lines = []
    for f in evaluation.findings:
        path, line = _split(f.source)
        title = _escape_property(f"{f.rule} · {scope_cell(f)}")
        message = _escape_data(f.message + (f"\n{f.hint}" if f.hint else ""))
        lines.append(
            f"::{f.severity.value} file={_escape_property(path)},line={line},title={title}::{message}"
        )
    return "".join(line + "\n" for line in lines)


def junit(evaluation: Evaluation, fail_on: Severity) -> str:
    """One test suite per pack, one test case per (rule, scope). Findings at or above `fail_on` are
    failures; a warning below it passes with the warning in system-out; skipped checks are skipped."""
    import xml.etree.ElementTree as ET

    cases: dict[str, list[ET.Element]] = {pack: [] for pack in evaluation.packs}
    counts: dict[str, list[int]] = {pack: [0, 0] for pack in evaluation.packs}  # failures, skipped

    def case(pack: str, rule: str, scope: dict[str, Any]) -> ET.Element:
        name = ", ".join(f"{k}={v}" for k, v in scope.items()) or "account"
        element = ET.Element("testcase", {"classname": f"{pack}.{rule}", "name": name})
        cases[pack].append(element)
        return element

    for f in evaluation.findings:
        element = case(f.pack, f.rule, f.scope)
        detail = (
            f"{f.metric} = {f.value}; threshold {f.threshold} ({f.condition}); {f.basis.value}; {f.source}"
        )
        if f.severity.rank >= fail_on.rank:
            failure = ET.SubElement(element, "failure", {"message": f.message, "type": f.severity.value})
            failure.text = detail + (f"\n{f.hint}" if f.hint else "")
            counts[f.pack][0] += 1
        else:
            ET.SubElement(element, "system-out").text = f"{f.severity.value}: {f.message}\n{detail}"
    for s in evaluation.skipped:
        ET.SubElement(case(s.pack, s.rule, s.scope), "skipped", {"message": s.reason})
        counts[s.pack][1] += 1
    for p in evaluation.passed:
        case(p.pack, p.rule, p.scope)
    root = ET.Element("testsuites", {"name": "flywheel check"})
    for pack in evaluation.packs:
        failures, skipped = counts[pack]
        suite = ET.SubElement(root, "testsuite", {
            "name": pack, "tests": str(len(cases[pack])), "failures": str(failures), "errors": "0",
            "skipped": str(skipped),
        })  # fmt: skip
        suite.extend(sorted(cases[pack], key=lambda e: (e.get("classname", ""), e.get("name", ""))))
    root.set("tests", str(sum(len(c) for c in cases.values())))
    root.set("failures", str(sum(c[0] for c in counts.values())))
    root.set("errors", "0")
    root.set("skipped", str(sum(c[1] for c in counts.values())))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _uri(path: str) -> str:
    return Path(path).as_uri() if Path(path).is_absolute() else path.replace("\\", "/")


def _result(f: Finding, index: int) -> dict[str, Any]:
    path, line = _split(f.source)
    return {
        "ruleId": f.rule,
        "ruleIndex": index,
        "level": "error" if f.severity is Severity.ERROR else "warning",
        "message": {"text": f"{scope_cell(f)}: {f.message}"},
        "locations": [
            {"physicalLocation": {"artifactLocation": {"uri": _uri(path)}, "region": {"startLine": line}}}
        ],
        "properties": {"scope": f.scope, "metric": f.metric, "value": f.value, "threshold": f.threshold,
                       "basis": f.basis.value, "period": f.period},
    }  # fmt: skip


def sarif(evaluation: Evaluation) -> str:
    rules = [
        {
            "id": r.id,
            "name": r.id,
            "shortDescription": {"text": f"{r.metric}: {r.levels}"},
            "fullDescription": {"text": r.description or f"{r.metric} at {r.grain} grain: {r.levels}"},
            "help": {"text": r.hint or f"flywheel rules show {r.id}"},
            "properties": {
                "pack": r.pack,
                "basis": r.basis.value,
                "source": r.source,
                "location": r.location,
            },
        }
        for r in evaluation.rules
    ]
    index = {r.id: position for position, r in enumerate(evaluation.rules)}
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "flywheel", "version": __version__, "informationUri": INFORMATION_URI,
                                "rules": rules}},
            "results": [_result(f, index[f.rule]) for f in evaluation.findings],
        }],
    }  # fmt: skip
    return dumps(log) + "\n"
