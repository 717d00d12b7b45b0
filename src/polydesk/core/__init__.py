"""Vendor-neutral building blocks shared by every domain: errors, actor, clock, paging."""
