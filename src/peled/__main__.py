"""``python -m peled``: the same command-line interface as the ``peled`` script."""

from peled.cli import main

if __name__ == "__main__":
    main()
