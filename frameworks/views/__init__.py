"""Pages of the frameworks app, one module per area: frameworks (editor, detail, workflow, versions),
comments, assessments, mechanisms."""
