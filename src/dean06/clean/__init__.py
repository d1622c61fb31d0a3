"""Stage 1, cleaning: Vietnamese numerals and dates -> data/processed/claims_clean.csv."""
