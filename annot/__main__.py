"""``python -m annot``: the same command line as the ``annot`` script."""

from annot.cli import main

if __name__ == "__main__":
    main()
