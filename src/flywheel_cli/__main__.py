from flywheel_cli.cli import entry

entry()
