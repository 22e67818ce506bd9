"""Files generated from the session model for download (calendars, documents)."""
