"""One search across the workbench: missions, frameworks, priorities, results, comments, progress
update narratives, assessments, mechanisms' decisions and lessons, each through the access layer."""
