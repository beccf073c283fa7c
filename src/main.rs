use clap::{Parser, Subcommand, ValueEnum};
use seedlint::check::{self, CheckOptions, FailOn};
use seedlint::output::Format;
use std::io::IsTerminal;
use std::path::PathBuf;
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
enum ColorChoice {
    Auto,
    Always,
    Never,
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
    Check {
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Use this config file instead of the nearest seedlint.toml.
        #[arg(long)]
        config: Option<PathBuf>,
        /// Run only these rules (codes, prefixes, names or categories; comma separated).
        #[arg(long, value_delimiter = ',')]
        select: Option<Vec<String>>,
        /// Skip these rules (codes, prefixes, names or categories; comma separated).
        #[arg(long, value_delimiter = ',')]
        ignore: Vec<String>,
        /// Files to check when walking directories (globs; default *.txt, *.text, *.md).
        #[arg(long)]
        include: Vec<String>,
        /// Files to skip when walking directories (globs).
        #[arg(long)]
        exclude: Vec<String>,
        /// Lowest severity that makes the exit code 1.
        #[arg(long, value_enum, default_value = "warning")]
        fail_on: FailOn,
        /// Print counts per rule instead of each finding.
        #[arg(long)]
        statistics: bool,
        /// Apply safe fixes in place (atomically; a file changed meanwhile is left alone).
        #[arg(long)]
        fix: bool,
        /// With --fix or --diff, also apply unsafe fixes.
        #[arg(long)]
        unsafe_fixes: bool,
        /// Print the fixes as a unified diff instead of writing them.
        #[arg(long)]
        diff: bool,
        /// Worker threads (default: one per core).
        #[arg(long)]
        threads: Option<usize>,
        /// Do not honour .gitignore / .ignore files or skip hidden files.
        #[arg(long)]
        no_ignore: bool,
        /// Files larger than this many megabytes are reported, not read.
        #[arg(long, default_value_t = 256)]
        max_file_size: u64,
        #[arg(long, value_enum, default_value = "auto")]
        color: ColorChoice,
        /// Treat the files as one corpus: also report lines repeated across them
        /// (learned boilerplate, cross-file duplicates). Reads each file twice.
        #[arg(long)]
        corpus: bool,
    },
    /// List the rules.
    Rules {
        #[arg(long, value_enum, default_value = "text")]
        format: RulesFormat,
    },
    /// Explain one rule, by code or name.
    Rule { code: String },
    /// Run the language server on stdin/stdout (for editors).
    Lsp,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check {
            paths,
            format,
            config,
            select,
            ignore,
            include,
            exclude,
            fail_on,
            statistics,
            fix,
            unsafe_fixes,
            diff,
            threads,
            no_ignore,
            max_file_size,
            color,
            corpus,
        } => {
            let color = match color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
            };
            let opts = CheckOptions {
                paths,
                format,
                config,
                select,
                ignore,
                include,
                exclude,
                fail_on,
                statistics,
                fix,
                unsafe_fixes,
                diff,
                threads,
                no_ignore,
                max_file_size: max_file_size.saturating_mul(1_000_000),
                color,
                corpus,
            };
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
        Command::Lsp => seedlint::lsp::run(),
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
