use clap::{Parser, Subcommand, ValueEnum};
use seedlint::check::{self, CheckOptions};
use std::process::ExitCode;

// Checking allocates many small strings and vectors per line and frees them at the
// end of each document; mimalloc's thread-local free lists do this faster than the
// system allocator, and it keeps large buffers mapped between checks instead of
// handing them back to the kernel (page faults were a few percent of a keystroke).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The server checks a document on every keystroke. mimalloc gives freed memory back
/// to the kernel 10 ms after it is freed, so each check faulted its buffers in again
/// (the tail of the keystroke latency tripled); a delay of a second returns it only
/// when the user pauses.
fn keep_freed_memory_while_typing() {
    // `mi_option_purge_delay` in `mi_option_e` (mimalloc 2 and 3): the option before
    // `use_numa_nodes`. libmimalloc-sys names no constant for it.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = libmimalloc_sys::mi_option_use_numa_nodes - 1;
    // SAFETY: setting an option is allowed at any time and only changes when memory is purged.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 1000) }
}

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
        Command::Lsp { stdio: _ } => {
            keep_freed_memory_while_typing();
            seedlint::lsp::run()
        }
        Command::Index { command } => {
            seedlint::index_cmd::run(&command, &mut std::io::stdout(), &mut std::io::stderr())
        }
        Command::Entities(opts) => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            seedlint::entities_cmd::run(&opts, &mut out, &mut std::io::stderr())
        }
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
