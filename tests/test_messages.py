"""Messages a user can act on: one line per error, whatever went wrong (the hardening issue)."""

from __future__ import annotations

from tests.conftest import flywheel


def test_usage_errors_are_one_line_and_a_hint() -> None:
    cases = {
        ("kpis", "--by", "nope", "x.csv"): (
            "flywheel: error: Invalid value for '--by': 'nope' is not one of 'account', 'marketplace', 'sku', "
            "'asin', 'parent-asin', 'category', 'day', 'week', 'month'.\n"
            "hint: `flywheel kpis --help` lists the options, with examples\n"
        ),
        ("kpis",): (
            "flywheel: error: Missing argument 'paths'.\nhint: `flywheel kpis --help` lists the options, with examples\n"
        ),
        (
            "nosuch",
        ): "flywheel: error: No such command 'nosuch'.\nhint: `flywheel --help` lists the options, with examples\n",
        ("check", "x.csv", "--fail-on", "loud"): (
            "flywheel: error: Invalid value for '--fail-on': 'loud' is not one of 'warning', 'error'.\n"
            "hint: `flywheel check --help` lists the options, with examples\n"
        ),
    }
    for args, expected in cases.items():
        result = flywheel(*args)
        assert (result.code, result.out, result.err) == (2, "", expected), args


def test_help_and_version_still_exit_0() -> None:
    assert flywheel("--version").code == 0
    helped = flywheel("kpis", "--help")
    assert helped.code == 0 and helped.out.startswith("Usage: flywheel kpis [OPTIONS]")
    bare = flywheel()
    assert bare.code == 2 and bare.err.startswith("Usage: flywheel [OPTIONS] COMMAND [ARGS]...")
