"""Plans, their measures and schedules, and the reporting workflow."""
