"""Ground floor: one strict reader and one contract per table, shared by every stage."""
