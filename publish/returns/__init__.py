"""Returned forms: reading filled templates back, collecting a batch, the results store, the systems list."""
