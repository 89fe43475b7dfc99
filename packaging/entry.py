"""Entry script of the frozen application: the same dispatch as the ``appraiser`` script."""

import sys

from ui.launcher import main

if __name__ == "__main__":
    sys.exit(main())
