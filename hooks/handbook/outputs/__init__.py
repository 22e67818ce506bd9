"""Downloads built from the session model; each module knows one format and reads only the model."""
