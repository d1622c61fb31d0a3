"""`python -m dean06.pipeline`."""

import sys

from dean06.pipeline.steps import main

sys.exit(main())
