"""What every app shares and owns nothing of its own: the clock, abstract bases, levels."""
