"""The dock widget and its map tools: they read the form and stop there."""
