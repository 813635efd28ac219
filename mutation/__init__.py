"""Mutation testing of the core modules (`make mutate`); see docs/development.md."""
