"""What is checked: the structure rules, the accounting of a plan (nothing lost), the
crosswalk, and the diff that proposes the events between two structures."""
