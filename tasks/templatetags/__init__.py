"""Template tags of the tasks app."""
