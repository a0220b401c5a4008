//! The `actorgraph` command: parse the arguments, run, map the outcome to an exit code. Everything the
//! command does lives in the `actorgraph` library; [`cli`] only resolves arguments and prints.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::main()
}
