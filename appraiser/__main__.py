"""``python -m appraiser`` is the same as the ``appraiser`` console script."""

import sys

from appraiser.cli.main import main

sys.exit(main())
