//! Node.js binding of aksflow: filled in by the Node binding issue. Nothing is exported yet.
