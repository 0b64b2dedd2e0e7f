//! The command line: clap's description of every command and the dispatch to the one
//! pipeline's commands (`commands`), `knn new`, `knn serve` and `knn schema`.

use crate::commands::{self, Format, Outcome};
use crate::pipeline::{Args, Inputs};
use crate::{scaffold, schema, serve, thai, write};
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
        /// How problems are printed: text for people, one JSON document for programs.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Override site.yaml's images_bucket: the S3-compatible bucket and folder the photos
        /// go to (s3://bucket/folder/); credentials from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY
        /// and AWS_REGION only.
        #[arg(long)]
        images_bucket: Option<String>,
        /// Override site.yaml's images_endpoint (an S3-compatible service's address).
        #[arg(long)]
        images_endpoint: Option<String>,
    },
    /// Check everything a build checks, writing nothing; exit 0 without errors, 1 with
    /// (ตรวจเนื้อหา). In GitHub Actions, problems are also printed as annotations.
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
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
    /// The resolved inputs of a command on this site.
    fn inputs(self, base_url: Option<String>, size_limit_mb: u64) -> Inputs {
        Inputs::resolve(self.args(base_url, size_limit_mb))
    }

    /// The command line's arguments as typed.
    fn args(self, base_url: Option<String>, size_limit_mb: u64) -> Args {
        Args {
            site: self.site,
            theme: self.theme,
            cache: self.cache,
            base_url,
            size_limit_mb,
            ..Args::default()
        }
    }
}

/// Runs the command line; the exit code is 0 (done), 1 (content errors) or 2 (could not run).
pub fn main() -> ExitCode {
    let outcome = match Cli::parse().command {
        Command::Build {
            site,
            out,
            base_url,
            size_limit_mb,
            format,
            images_bucket,
            images_endpoint,
        } => {
            let args = Args {
                images_bucket,
                images_endpoint,
                ..site.args(base_url, size_limit_mb)
            };
            commands::build(&Inputs::resolve(args), &out, format)
        }
        Command::Check { site, format } => commands::check(&site.inputs(None, 1000), format),
        Command::Serve { site, port, bind } => serve::run(site.inputs(None, 1000), bind, port),
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
                    Outcome::Built
                }
                Err(e) => {
                    eprintln!("{e}");
                    Outcome::ContentErrors
                }
            }
        }
        Command::Report {
            site,
            month,
            district,
            out,
            today,
        } => commands::monthly_report(
            &site.inputs(None, 1000),
            &commands::ReportOptions {
                month,
                district,
                out,
                today,
            },
        ),
        Command::Schema { out } => {
            let files: Vec<write::OutputFile> = schema::all()
                .into_iter()
                .map(|(name, value)| {
                    crate::output::OutputFile::new(
                        name,
                        format!("{value:#}\n").into_bytes(),
                        crate::output::Kind::Asset,
                    )
                })
                .collect();
            match write::replace_files(&out, &files) {
                Ok(()) => {
                    println!(
                        "เขียน JSON Schema {} ไฟล์ใน {} (schemas written)",
                        files.len(),
                        out.display()
                    );
                    Outcome::Built
                }
                Err(e) => Outcome::Failed(e),
            }
        }
    };
    match outcome {
        Outcome::Built => ExitCode::SUCCESS,
        Outcome::ContentErrors => ExitCode::from(1),
        Outcome::Failed(msg) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
    }
}
