"""Native API routes, one module per resource; each endpoint is one service call."""
