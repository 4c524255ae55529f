"""Domain types of the coach: athletes, goals, runs, plans and the errors the core raises."""
