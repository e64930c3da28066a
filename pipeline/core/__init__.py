"""The base layer every package may import: errors, untrusted input, atomic writes, progress, text folding.

It imports nothing of hicm's own above it (no extract, normalize, publish or command code), so
the readers, the normaliser and the writers can use it without depending on the command line.
"""
