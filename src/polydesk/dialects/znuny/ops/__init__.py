"""One module per GenericInterface operation; ``registry.OPERATIONS`` maps types to handlers."""
