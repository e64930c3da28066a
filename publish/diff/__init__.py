"""The diff reports: one renderer per format over the diff model (normalize/compare.py) and its outline."""
