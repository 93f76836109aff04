"""Score sheets: a unit head enters values with evidence, the bloc reviews them line by line."""
