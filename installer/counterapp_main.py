"""The bundle's entry point: the ``counterapp`` command, frozen by PyInstaller."""

import multiprocessing
import sys

from counterapp.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
