"""The compact of mutual commitments of a mission and its host government: models in
benchmarks.models.compact, writes in services, reads in selectors, pages and API here."""
