"""Stage 2, reconciliation: rules, the editor's decisions -> reconciled.csv, discrepancies.csv."""
