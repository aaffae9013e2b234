"""Approved baselines: the baseline of a plan version the steering group approved (a "new plan" decision)."""
