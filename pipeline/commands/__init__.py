"""One module per `hicm` verb; pipeline.cli.COMMANDS lists them."""
