"""Progress reports: the data of a mission's report for a period, its rendering (HTML, PDF, Excel,
Word annex), the services and Celery tasks that compile it exactly once, and its pages."""
