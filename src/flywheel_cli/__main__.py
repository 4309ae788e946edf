from flywheel_cli.cli import main

main()
