"""Orchestration of hicm: the manifest of editions, ingest/build, and the `hicm` command line."""
