"""`python -m dean06.clean`."""

import sys

from dean06.clean.step import main

sys.exit(main())
