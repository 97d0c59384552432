//! Python binding of aksflow: filled in by the Python binding issue. Nothing is exported yet.
