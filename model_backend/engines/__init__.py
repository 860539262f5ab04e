"""Engines turn (images, chat messages) into text. Only these modules touch ML libraries."""
