"""The pytest suite: one folder per package tested (extract, normalize, publish, pipeline, benchmarks),
cli/ for the command line end to end, property/ for any-bytes property tests, support/ for shared code."""
