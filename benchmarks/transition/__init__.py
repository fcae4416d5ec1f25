"""Mandate reviews and renewals with their snapshots, and the transition page of a mission:
readiness over time, the handover plan, the reviews and two snapshots side by side."""
