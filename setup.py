"""The one thing pyproject.toml cannot yet say without an experimental table: the compiled Payments loop.

`metrics/_addrows.c` is optional: where no C compiler is found the build goes on without it, and the
same loop runs in Python (docs/decisions.md, "The compiled loop").
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "flywheel_cli.metrics._addrows",
            sources=["src/flywheel_cli/metrics/_addrows.c"],
            optional=True,
        )
    ]
)
