"""Toerusting: learning and reflection for Dutch political office holders, next to the council agenda."""

__version__ = "0.1.0"
