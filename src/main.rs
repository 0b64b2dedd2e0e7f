//! The `knn` command line: parses arguments and runs the build pipeline.

mod diag;
mod frontmatter;
mod images;
mod load;
mod markdown;
mod model;
mod options;
mod pipeline;
mod raw;
mod registry;
mod render;
mod thai;
mod validate;
mod values;
mod write;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// knn: builds the Thai website of Chachoengsao's Khok Nong Na learning centres.
#[derive(Parser)]
#[command(name = "knn", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site folder into a static website (สร้างเว็บไซต์).
    Build {
        /// The site folder, holding site.yaml and districts/.
        #[arg(default_value = "content")]
        site: PathBuf,
        /// Where to write the website.
        #[arg(long, short, default_value = "public")]
        out: PathBuf,
        /// Override site.yaml's base_url (e.g. http://127.0.0.1:8000/ to look at it locally).
        #[arg(long)]
        base_url: Option<String>,
        /// Theme folder (default: themes/default beside the site folder).
        #[arg(long)]
        theme: Option<PathBuf>,
        /// Image cache folder (default: .knn-cache in the site folder; safe to delete).
        #[arg(long)]
        cache: Option<PathBuf>,
        /// Hosting size limit in MB; a warning is printed at 80% (GitHub Pages: 1 GB).
        #[arg(long, default_value_t = 1000)]
        size_limit_mb: u64,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            site,
            out,
            base_url,
            theme,
            cache,
            size_limit_mb,
        } => {
            let opts = pipeline::BuildOptions {
                site,
                out,
                theme,
                overrides: validate::Overrides { base_url },
                cache,
                size_limit_mb,
            };
            match pipeline::build(&opts) {
                pipeline::Outcome::Built => ExitCode::SUCCESS,
                pipeline::Outcome::ContentErrors => ExitCode::from(1),
                pipeline::Outcome::Failed(msg) => {
                    eprintln!("error: {msg}");
                    ExitCode::from(2)
                }
            }
        }
    }
}
