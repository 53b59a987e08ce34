//! `motcua`: the one binary of Motcua. For now it answers calendar questions
//! from the command line; the HTTP server, the workers and the migrations join
//! it as subcommands.

mod calendar_command;

use clap::{Parser, Subcommand};
use std::io::{self, Write};
use std::process::ExitCode;

/// Motcua: one-stop-shop dossier handling for Vietnamese agencies.
#[derive(Debug, Parser)]
#[command(name = "motcua", version, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Working calendar: days off, due dates, lunar dates.
    #[command(subcommand)]
    Calendar(calendar_command::CalendarCommand),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return usage_error(&error),
    };
    let mut stdout = io::stdout().lock();
    let result = match cli.command {
        Command::Calendar(command) => calendar_command::run(command, &mut stdout),
    };
    match result.and_then(|()| stdout.flush().map_err(|e| e.to_string())) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            // One line, as scripts expect; nothing else goes to stderr.
            let _ = writeln!(io::stderr(), "motcua: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Help and version go to stdout as clap prints them; a usage error is cut to
/// its first line, so that every bad argument gets a one-line answer.
fn usage_error(error: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = error.print();
        return if error.use_stderr() {
            ExitCode::from(2)
        } else {
            ExitCode::SUCCESS
        };
    }
    // clap's message is a paragraph (the error, then indented details such
    // as the missing arguments) followed by a usage block: keep the paragraph.
    let rendered = error.render().to_string();
    let message: Vec<&str> = rendered
        .lines()
        .take_while(|line| !line.trim().is_empty())
        .map(str::trim)
        .collect();
    let message = message.join(" ");
    let message = message.strip_prefix("error: ").unwrap_or(&message);
    let _ = writeln!(io::stderr(), "motcua: {message} (see motcua --help)");
    ExitCode::from(2)
}
