"""`python -m dean06.reconcile`."""

import sys

from dean06.reconcile.step import main

sys.exit(main())
