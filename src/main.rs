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
mod report;
mod scaffold;
mod schema;
mod serve;
mod thai;
mod urls;
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

/// Where the site is and how to read it: shared by build, check and serve.
#[derive(clap::Args)]
struct SiteArgs {
    /// The site folder, holding site.yaml and districts/.
    #[arg(default_value = "content")]
    site: PathBuf,
    /// Theme folder (default: themes/default beside the site folder).
    #[arg(long)]
    theme: Option<PathBuf>,
    /// Image cache folder (default: .knn-cache in the site folder; safe to delete).
    #[arg(long)]
    cache: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site folder into a static website (สร้างเว็บไซต์).
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Where to write the website.
        #[arg(long, short, default_value = "public")]
        out: PathBuf,
        /// Override site.yaml's base_url (e.g. http://127.0.0.1:8000/ to look at it locally).
        #[arg(long)]
        base_url: Option<String>,
        /// Hosting size limit in MB; a warning is printed at 80% (GitHub Pages: 1 GB).
        #[arg(long, default_value_t = 1000)]
        size_limit_mb: u64,
    },
    /// Check everything a build checks, writing nothing; exit 0 without errors, 1 with
    /// (ตรวจเนื้อหา). In GitHub Actions, problems are also printed as annotations.
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: pipeline::Format,
    },
    /// Build and serve the site on this computer, rebuilding and reloading the browser on
    /// every change (ดูตัวอย่างเว็บไซต์).
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// Port to listen on (0: any free port).
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// Address to listen on; 0.0.0.0 opens the site to other devices on the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
    },
    /// Create a new activity, plot, lesson or product from the official form's template
    /// (สร้างหน้าใหม่), e.g. `knn new activity bang-khla/my-plot "เอามื้อสามัคคี"`.
    New {
        /// What to create.
        #[arg(value_enum)]
        kind: scaffold::Kind,
        /// <district>/<plot>: the district folder (or Thai name) and the plot folder.
        target: String,
        /// The name or title, in quotes.
        name: String,
        /// The site folder.
        #[arg(long, default_value = "content")]
        site: PathBuf,
        /// The date (B.E. or C.E.; default today).
        #[arg(long)]
        date: Option<String>,
        /// The folder name (a-z, 0-9, -); default from the name or the kind.
        #[arg(long)]
        slug: Option<String>,
        /// The activity's kind (ao-mue, training, ... or its Thai label).
        #[arg(long = "kind")]
        activity_kind: Option<String>,
    },
    /// The province's monthly report (รายงานประจำเดือน): prints which plots of each district had
    /// an activity, what falls short of the form and the days to the due date; writes the
    /// internal Excel workbook and printable forms to REPORTS/<B.E. year-month>/.
    Report {
        #[command(flatten)]
        site: SiteArgs,
        /// The month, B.E. or C.E.: 2569-11, 2026-11, "พ.ย. 2569" (default: this month).
        #[arg(long)]
        month: Option<String>,
        /// Only this district (folder name or Thai name).
        #[arg(long)]
        district: Option<String>,
        /// Where the workbook and forms go (keep it out of the published site and out of git).
        #[arg(long, default_value = "reports")]
        out: PathBuf,
        /// Count the days to the due date from this date instead of today.
        #[arg(long)]
        today: Option<String>,
    },
    /// Write the JSON Schemas of the front matter for editors (VS Code's YAML extension).
    Schema {
        /// The folder to write them to.
        #[arg(long, default_value = "schemas")]
        out: PathBuf,
    },
}

impl SiteArgs {
    /// Build options for this site, written to `out`.
    fn options(self, out: PathBuf, base_url: Option<String>, size_limit_mb: u64) -> pipeline::BuildOptions {
        pipeline::BuildOptions {
            site: self.site,
            out,
            theme: self.theme,
            overrides: validate::Overrides { base_url },
            cache: self.cache,
            size_limit_mb,
        }
    }
}

fn main() -> ExitCode {
    let outcome = match Cli::parse().command {
        Command::Build {
            site,
            out,
            base_url,
            size_limit_mb,
        } => pipeline::build(&site.options(out, base_url, size_limit_mb)),
        Command::Check { site, format } => pipeline::check(&site.options(PathBuf::new(), None, 1000), format),
        Command::Serve { site, port, bind } => serve::run(site.options(PathBuf::new(), None, 1000), bind, port),
        Command::New {
            kind,
            target,
            name,
            site,
            date,
            slug,
            activity_kind,
        } => {
            let opts = scaffold::NewOptions {
                site,
                kind,
                target,
                name,
                date,
                slug,
                activity_kind,
            };
            match scaffold::run(&opts, thai::Date::today()) {
                Ok(msg) => {
                    print!("{msg}");
                    pipeline::Outcome::Built
                }
                Err(e) => {
                    eprintln!("{e}");
                    pipeline::Outcome::ContentErrors
                }
            }
        }
        Command::Report {
            site,
            month,
            district,
            out,
            today,
        } => pipeline::monthly_report(
            &site.options(PathBuf::new(), None, 1000),
            &pipeline::ReportOptions {
                month,
                district,
                out,
                today,
            },
        ),
        Command::Schema { out } => {
            let files: Vec<write::OutputFile> = schema::all()
                .into_iter()
                .map(|(name, value)| write::OutputFile {
                    path: name.to_string(),
                    bytes: format!("{value:#}\n").into_bytes(),
                })
                .collect();
            match write::replace_files(&out, &files) {
                Ok(()) => {
                    println!(
                        "เขียน JSON Schema {} ไฟล์ใน {} (schemas written)",
                        files.len(),
                        out.display()
                    );
                    pipeline::Outcome::Built
                }
                Err(e) => pipeline::Outcome::Failed(e),
            }
        }
    };
    match outcome {
        pipeline::Outcome::Built => ExitCode::SUCCESS,
        pipeline::Outcome::ContentErrors => ExitCode::from(1),
        pipeline::Outcome::Failed(msg) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
    }
}
