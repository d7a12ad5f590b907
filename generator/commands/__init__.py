"""One module per command a user types; `generator.cli` only parses arguments and calls them."""
