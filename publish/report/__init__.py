"""The national report from collected returns: its figures (build), chart and renderings."""
