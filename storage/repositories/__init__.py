"""SQL repositories, one per aggregate; they never commit (the unit of work does)."""
