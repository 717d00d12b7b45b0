"""Every op of ``api.php``; importing the modules fills the table."""

from polydesk.dialects.integria.ops import business, catalogs, parts, people, reports, tickets
from polydesk.dialects.integria.ops.registry import OPS

__all__ = ["OPS", "business", "catalogs", "parts", "people", "reports", "tickets"]
