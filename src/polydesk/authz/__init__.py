"""Authorization: who may see and do what. Visibility is defined once, here, for every edge."""
