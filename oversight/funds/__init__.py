"""The special fund (专项资金): allocations per compound and work item, payments with their
documents, and the figures of budget, paid and left."""
