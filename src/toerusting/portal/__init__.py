"""The UI shell: base layout, theme, language switch, and the home page per role."""
