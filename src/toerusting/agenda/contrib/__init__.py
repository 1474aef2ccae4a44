"""Adapters for outside systems, one package per source. Each turns the source's shapes into records."""
