"""Unit economics: cost lines, allocation of shared costs, P&L, plans from assumptions (DESIGN section 5)."""
