"""Lessons learned across missions: recorded from a mission's assessments, mechanisms,
transitions and mandate reviews, read by every planner and observer."""
