"""A toy domain package: what a book built with databook keeps in its own room."""
