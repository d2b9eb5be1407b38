"""``python -m demo_lrs``: serve a local Ralph LRS (see :mod:`demo_lrs.server`)."""

from demo_lrs.server import main

if __name__ == "__main__":
    main()
