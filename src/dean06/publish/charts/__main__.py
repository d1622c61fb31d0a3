"""`python -m dean06.publish.charts --names`: the registered charts, one a line."""

import sys

from dean06.publish.charts import NAMES

if __name__ == "__main__":
    if sys.argv[1:] != ["--names"]:
        print("usage: python -m dean06.publish.charts --names", file=sys.stderr)
        sys.exit(2)
    print("\n".join(NAMES))
