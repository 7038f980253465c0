"""Renderers: pure functions from the Manual to {path: content}."""
