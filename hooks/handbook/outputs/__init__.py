"""Downloads built from the session model, one module per format; none knows another's format."""
