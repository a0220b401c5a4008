//! `shell`: load the dataset once, then answer command after command typed (or piped) on standard input.
//!
//! Each line is read exactly as a command line would be, by the same parser (`show "Kataib Hezbollah"`,
//! `stats --format json`), and run on the graph already in memory. `help` lists the commands, `help CMD` (or
//! `CMD --help`) explains one, `quit` or `exit` (or the end of input) leaves.

use std::io::{BufRead, IsTerminal, Write};

use clap::{CommandFactory, Parser};

use actorgraph::error::{Error, Result};

use super::common::stdout_error;
use super::{report, run_command, Cli, Command, Context, Outcome};

/// `actorgraph [--data PATH] shell` takes only the global options.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {}

/// Splits a line into words like a POSIX shell: spaces separate, `"…"` and `'…'` quote, `\` escapes the
/// next character (outside single quotes).
///
/// # Errors
/// An unclosed quote, named for the user.
fn split_words(line: &str) -> std::result::Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => word.extend(chars.next()),
                        Some(other) => word.push(other),
                        None => return Err("a double quote (\") is not closed".to_owned()),
                    }
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(other) => word.push(other),
                        None => return Err("a single quote (') is not closed".to_owned()),
                    }
                }
            }
            '\\' => {
                in_word = true;
                word.extend(chars.next());
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

fn help_text() -> String {
    let cli = Cli::command();
    let mut text = String::from("Commands (each takes the same options as on the command line):\n");
    for sub in cli.get_subcommands().filter(|s| !s.is_hide_set() && !matches!(s.get_name(), "shell" | "validate")) {
        let about = sub.get_about().map(ToString::to_string).unwrap_or_default();
        text.push_str(&format!("  {:<12}{about}\n", sub.get_name()));
    }
    text.push_str("  help CMD    what CMD does and its options\n  quit        leave (or exit, or end of input)\n");
    text.push_str("Global options per command: --format table|json|csv, --quiet. Quote names with spaces.\n");
    text
}

/// What one line asks for.
#[derive(Debug)]
enum Line {
    Nothing,
    Quit,
    Help(Option<String>),
    Run(Box<Cli>),
}

fn read_line(line: &str) -> std::result::Result<Line, String> {
    let words = split_words(line.trim())?;
    match words.first().map(String::as_str) {
        None => return Ok(Line::Nothing),
        Some(w) if w.starts_with('#') => return Ok(Line::Nothing),
        Some("quit" | "exit") if words.len() == 1 => return Ok(Line::Quit),
        Some("help") if words.len() <= 2 => return Ok(Line::Help(words.get(1).cloned())),
        _ => {}
    }
    match Cli::try_parse_from(std::iter::once("actorgraph".to_owned()).chain(words)) {
        Ok(cli) => Ok(Line::Run(Box::new(cli))),
        // `--help` and `--version` arrive as "errors" whose text is the answer.
        Err(error) => Err(error.render().to_string().trim_end().to_owned()),
    }
}

/// Runs the shell on `input` until `quit` or the end of input. A failing command prints its error and the
/// shell goes on; the shell itself ends with [`Outcome::Done`].
///
/// # Errors
/// Only when standard output fails.
pub fn run(
    ctx: &Context,
    input: &mut dyn BufRead,
    interactive: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    if interactive {
        let _ = writeln!(
            err,
            "actorgraph shell: {} actors, {} relations loaded. Type help for the commands, quit to leave.",
            ctx.graph.actors().len(),
            ctx.graph.relations().len()
        );
    }
    let mut line = String::new();
    loop {
        if interactive {
            let _ = write!(err, "actorgraph> ");
            let _ = err.flush();
        }
        line.clear();
        match input.read_line(&mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(source) => return Err(Error::Read { path: "standard input".into(), source }),
        }
        match read_line(&line) {
            Ok(Line::Nothing) => continue,
            Ok(Line::Quit) => break,
            Ok(Line::Help(None)) => out.write_all(help_text().as_bytes()).map_err(stdout_error)?,
            Ok(Line::Help(Some(command))) => match read_line(&format!("{command} --help")) {
                Err(text) => writeln!(out, "{text}").map_err(stdout_error)?,
                Ok(_) => writeln!(out, "no command '{command}'; type help for the list").map_err(stdout_error)?,
            },
            Ok(Line::Run(cli)) => {
                let global = &cli.global;
                let result = if !global.data.is_empty()
                    || global.input_format != super::values::InputFormat::Auto
                    || !global.graphml_map.is_empty()
                {
                    Err(Error::InvalidArgument {
                        argument: "--data".to_owned(),
                        message: "the shell keeps the dataset it was started with (and how it was read); start \
                                  another shell for other data"
                            .to_owned(),
                    })
                } else if matches!(cli.command, Command::Shell(_)) {
                    Err(Error::InvalidArgument {
                        argument: "shell".to_owned(),
                        message: "you are in the shell already".to_owned(),
                    })
                } else {
                    // Each line may ask for its own format; the dataset and its indices are shared.
                    let line_ctx = ctx.with_format(global.format, global.quiet || ctx.quiet);
                    run_command(&line_ctx, &cli.command, out, err)
                };
                match result {
                    Ok(Outcome::NothingFound) if interactive => {
                        let _ = writeln!(err, "(nothing found)");
                    }
                    Ok(_) => {}
                    Err(error @ Error::Write { .. }) => return Err(error),
                    Err(error) => report(&error, err),
                }
            }
            Err(message) => {
                let _ = writeln!(err, "{message}");
            }
        }
        out.flush().map_err(stdout_error)?;
    }
    Ok(Outcome::Done)
}

/// Whether standard input is a person at a terminal (prompts and a banner) rather than a pipe.
#[must_use]
pub fn stdin_is_terminal() -> bool {
    std::io::stdin().is_terminal()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_like_a_shell() {
        assert_eq!(
            split_words(r#"show "Kataib Hezbollah" --format json"#).unwrap(),
            ["show", "Kataib Hezbollah", "--format", "json"]
        );
        assert_eq!(split_words(r#"show 'Asa'"'"'ib' a\ b """#).unwrap(), ["show", "Asa'ib", "a b", ""]);
        assert_eq!(split_words("  ").unwrap(), Vec::<String>::new());
        assert!(split_words("show \"KH").unwrap_err().contains("not closed"));
    }

    #[test]
    fn lines_are_read_by_the_command_line_parser() {
        assert!(matches!(read_line("quit"), Ok(Line::Quit)));
        assert!(matches!(read_line("# a comment"), Ok(Line::Nothing)));
        assert!(matches!(read_line("help show"), Ok(Line::Help(Some(c))) if c == "show"));
        match read_line("stats --format json") {
            Ok(Line::Run(cli)) => assert!(matches!(cli.command, Command::Stats(_))),
            _ => panic!("stats parses"),
        }
        assert!(read_line("stast").unwrap_err().contains("stast"));
    }
}
