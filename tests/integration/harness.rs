//! A small harness around the built binary: run it, capture stdout, stderr and the exit code, and assert on
//! them with messages that show expected and actual side by side.

#![allow(dead_code)] // each test module uses a different part of the harness

use std::path::{Path, PathBuf};
use std::process::Command;

/// What one run of the binary produced.
#[derive(Debug)]
pub struct Run {
    pub args: Vec<String>,
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

/// The repository root (where `Cargo.toml` is).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A file under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// The bundled dataset file.
pub fn dataset() -> PathBuf {
    root().join("data/hashd-syria-2024-12.json")
}

/// Runs `actorgraph` with `args` in the repository root.
#[track_caller]
pub fn run<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    run_in(&root(), args)
}

/// Runs `actorgraph` with `args` in `dir`.
#[track_caller]
pub fn run_in<I, S>(dir: &Path, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let args: Vec<std::ffi::OsString> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
    let output = Command::new(env!("CARGO_BIN_EXE_actorgraph"))
        .args(&args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        // Snapshots of test datasets go to a cache of the tests' own, never the user's.
        .env("XDG_CACHE_HOME", Path::new(env!("CARGO_TARGET_TMPDIR")).join("test-cache"))
        .output()
        .expect("the actorgraph binary runs");
    Run {
        args: args.iter().map(|a| a.to_string_lossy().into_owned()).collect(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        code: output.status.code().unwrap_or(-1),
    }
}

impl Run {
    /// Asserts the exit code, showing both streams when it differs.
    #[track_caller]
    pub fn code(&self, expected: i32) -> &Self {
        assert_eq!(
            self.code,
            expected,
            "`actorgraph {}` exited {} (expected {expected})\n--- stdout\n{}\n--- stderr\n{}",
            self.args.join(" "),
            self.code,
            self.stdout,
            self.stderr
        );
        self
    }

    /// Asserts success (exit code 0).
    #[track_caller]
    pub fn ok(&self) -> &Self {
        self.code(0)
    }

    /// Asserts stdout contains `needle`.
    #[track_caller]
    pub fn stdout_has(&self, needle: &str) -> &Self {
        assert!(
            self.stdout.contains(needle),
            "`actorgraph {}`: stdout lacks {needle:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.args.join(" "),
            self.stdout,
            self.stderr
        );
        self
    }

    /// Asserts stderr contains `needle`.
    #[track_caller]
    pub fn stderr_has(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "`actorgraph {}`: stderr lacks {needle:?}\n--- stderr\n{}\n--- stdout\n{}",
            self.args.join(" "),
            self.stderr,
            self.stdout
        );
        self
    }

    /// Parses stdout as JSON.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!("`actorgraph {}`: stdout is not JSON ({e})\n--- stdout\n{}", self.args.join(" "), self.stdout)
        })
    }
}

/// Writes the benchmark's synthetic dataset of `actors` and `relations` (seed `seed`) to `path`, and returns
/// its summary (counts, hub, a pair for path queries) as JSON.
#[track_caller]
pub fn generated(path: &Path, actors: usize, relations: usize, seed: u64) -> serde_json::Value {
    use actorgraph_generate::{generate, Spec};
    let mut bytes = Vec::new();
    let summary = generate(&Spec { actors, relations, seed }, &mut bytes).expect("a generated dataset");
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::to_value(summary).expect("a JSON summary")
}
