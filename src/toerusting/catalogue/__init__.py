"""The learning catalogue: items, micro-module content, sessions, word of mouth, public browsing."""
