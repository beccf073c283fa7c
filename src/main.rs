use clap::{Parser, Subcommand, ValueEnum};
use seedlint::check::{self, CheckOptions};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "seedlint",
    version,
    about = "Lint text scraped from the web: boilerplate, duplicates, metadata, residue."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum RulesFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Subcommand)]
enum Command {
    /// Check files and directories (default: the current directory).
    Check(Box<CheckOptions>),
    /// Write a cleaned copy of a corpus or text file, and a drop log of every removed span.
    Clean(Box<seedlint::clean::CleanOptions>),
    /// List the people, places, organisations, products and events of each document.
    Entities(Box<seedlint::entities_cmd::EntitiesOptions>),
    /// Build and merge corpus indexes (counts of repeated lines), shard by shard.
    Index {
        #[command(subcommand)]
        command: seedlint::index_cmd::IndexCommand,
    },
    /// Learn the line classifier's weights from labelled lines (a model file for `[classifier] model`).
    Train(Box<seedlint::train::TrainOptions>),
    /// List the rules.
    Rules {
        #[arg(long, value_enum, default_value = "text")]
        format: RulesFormat,
    },
    /// Explain one rule, by code or name.
    Rule { code: String },
    /// Run the language server on stdin/stdout (for editors).
    Lsp {
        /// Accepted for clients that always pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check(opts) => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            let code = check::run(&opts, &mut out, &mut std::io::stderr());
            drop(out);
            code
        }
        Command::Rules { format } => {
            match format {
                RulesFormat::Text => {
                    for m in seedlint_engine::all_rules() {
                        println!(
                            "{}  {:<28} {:<12} {:<8} {}",
                            m.code, m.name, m.category, m.default_severity, m.summary
                        );
                    }
                }
                RulesFormat::Markdown => print!("{}", seedlint::docs::markdown()),
                RulesFormat::Json => {
                    let rules: Vec<_> = seedlint_engine::all_rules()
                        .map(|m| {
                            serde_json::json!({"code": m.code, "name": m.name, "category": m.category, "severity": m.default_severity,
                                "summary": m.summary, "explanation": m.explanation, "example": m.example, "fix": m.fix})
                        })
                        .collect();
                    println!("{}", serde_json::to_string_pretty(&rules).unwrap_or_default());
                }
            }
            0
        }
        Command::Lsp { stdio: _ } => seedlint::lsp::run(),
        Command::Index { command } => {
            seedlint::index_cmd::run(&command, &mut std::io::stdout(), &mut std::io::stderr())
        }
        Command::Entities(opts) => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            seedlint::entities_cmd::run(&opts, &mut out, &mut std::io::stderr())
        }
        Command::Train(opts) => seedlint::train::run(&opts, &mut std::io::stdout(), &mut std::io::stderr()),
        Command::Clean(opts) => seedlint::clean::run(&opts, &mut std::io::stdout(), &mut std::io::stderr()),
        Command::Rule { code } => match seedlint_engine::find_rule(&code) {
            Some(m) => {
                print!("{}", seedlint::docs::rule_text(m));
                0
            }
            None => {
                eprintln!("error: no rule `{code}` (see `seedlint rules`)");
                2
            }
        },
    };
    ExitCode::from(code as u8)
}
