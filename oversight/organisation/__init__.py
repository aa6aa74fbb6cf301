"""Who does the work: task forces (工作专班), party groups (临时党支部, 党员帮帮团), the
participation ledger (property companies, building heads, volunteer teams) and campaign
activities."""
