"""Stage 3, publishing: charts, wording and the report, from the processed tables only."""
