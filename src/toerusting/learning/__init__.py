"""A member's own learning: progress through items, answers, private reflections."""
