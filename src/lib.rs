//! knn as a library: the stages of the one build pipeline (load -> validate -> plan images ->
//! render -> guard -> write), the commands composed of them, and `api`, a small in-process
//! interface for programs and the integration tests.

pub mod api;
mod cli;
mod cms;
mod commands;
mod diag;
mod forecast;
mod frontmatter;
mod guard;
mod images;
mod last_build;
mod load;
mod markdown;
mod model;
mod options;
mod output;
mod paths;
mod pipeline;
#[cfg(test)]
mod proptests;
mod raw;
mod registry;
mod render;
mod report;
mod scaffold;
mod schema;
mod serve;
mod thai;
mod urls;
mod validate;
mod values;
mod write;

pub use cli::main;
