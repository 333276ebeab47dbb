"""The evidence framework: its model, the condition language of red flags and actions,
validation against the versioned schemas, the cached form a page loads, and the shipped
framework and schema files."""
