"""Joint analysis and integrated mechanisms (IAP minimum requirements 1 and 3): strategic
assessments, integrated mechanisms and their meetings; forms, selectors and services of the area."""
