"""Use cases: the top layer of the core. Each function here is one thing a person or a program
asks of the help desk (open a ticket, post an article, change a ticket) and orchestrates the
domain packages below it in the caller's transaction. Every edge write is parse -> one call
here -> render, so engines hook into one place instead of seven."""
