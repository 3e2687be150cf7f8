import sys

from counterapp.cli import main

sys.exit(main())
