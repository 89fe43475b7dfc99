"""``python -m ui`` starts the station application (same as ``appraiser gui``)."""

import sys

from ui.launcher import main

sys.exit(main())
