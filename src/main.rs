//! The `actorgraph` command: parse the arguments, run, map the outcome to an exit code.

use std::process::ExitCode;

fn main() -> ExitCode {
    actorgraph::cli::main()
}
