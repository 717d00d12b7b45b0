"""Mail in (issue 19): mailboxes, and the one pipeline every way in (MTA pipe, SMTP listener,
later IMAP) hands a raw message to."""
