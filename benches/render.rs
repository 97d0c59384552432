//! validate + render + YAML of a full bundle, over 10,000 distinct requests.
//!
//! Run: `cargo bench -p aksflow --bench render`. Figures go into `benches/README.md`.
//! With the system allocator; `render_mimalloc` runs the same with mimalloc.

include!("render_body.rs");
