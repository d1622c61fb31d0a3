"""The words Vietnamese copy prints around a figure: scale words and currencies (the qualifiers
live with the table contract, `contracts.QUALIFIERS`). Shared by the numeral parser and the
draft of claims that `add_article` writes.
"""

from decimal import Decimal

# Longest first, so `nghìn tỷ` wins over `nghìn`.
SCALES = {
    "nghìn tỷ": Decimal(10) ** 12,
    "nghìn tỉ": Decimal(10) ** 12,
    "ngàn tỷ": Decimal(10) ** 12,
    "ngàn tỉ": Decimal(10) ** 12,
    "nghìn": Decimal(10) ** 3,
    "ngàn": Decimal(10) ** 3,
    "triệu": Decimal(10) ** 6,
    "tỷ": Decimal(10) ** 9,
    "tỉ": Decimal(10) ** 9,
}
CURRENCIES = {"đồng": "VND"}
