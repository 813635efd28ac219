"""The bare-Django baseline: the framework's cost floor for the same response bytes."""
