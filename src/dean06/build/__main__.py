"""`python -m dean06.build`."""

import sys

from dean06.build.steps import main

sys.exit(main())
