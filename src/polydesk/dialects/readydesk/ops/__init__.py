"""ReadyDesk actions, one module per area; ``registry.MODULES`` names them."""
