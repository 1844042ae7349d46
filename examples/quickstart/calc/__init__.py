"""A tiny calculator: the code under test of the quickstart example."""
