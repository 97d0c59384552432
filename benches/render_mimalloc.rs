//! The benchmarks of `render.rs` with mimalloc, the allocator the CLI and both bindings ship with.
//!
//! Run: `cargo bench -p aksflow --bench render_mimalloc`. Figures go into `benches/README.md`.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

include!("render_body.rs");
