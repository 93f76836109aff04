"""Word and PDF documents from templates (the only docxtpl user): the papers a bloc hands up, from the results."""
