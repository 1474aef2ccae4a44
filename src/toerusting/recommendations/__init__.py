"""Stored analysis and recommendations per agenda item, computed at sync time, and the griffie's curation."""
