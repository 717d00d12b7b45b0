"""InvGate Service Management API v1: ``/api/v1/<dotted.endpoint>`` (SPEC.md)."""
