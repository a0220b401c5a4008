//! Progress on the terminal for the loading steps that take over about a second: parsing (with bytes per
//! second), checking and linking, writing the snapshot. Nothing when stderr is not a terminal or `--quiet`.
//!
//! Whether a step will take a second is judged by its size before it starts (parsing runs at roughly 50 to
//! 200 MB/s, checking at about a million relations a second), so short steps never flash a bar.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

static ENABLED: AtomicBool = AtomicBool::new(false);

/// Files smaller than this parse in well under a second: no bar.
const PARSE_BAR_BYTES: usize = 32 << 20;
/// Steps over fewer relations than this take well under a second: no spinner.
const STEP_RELATIONS: usize = 300_000;

/// Turns loading progress on or off for this process (off by default). It shows only when stderr is a
/// terminal.
pub fn set_progress(on: bool) {
    ENABLED.store(on && std::io::stderr().is_terminal(), Ordering::Relaxed);
}

fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// A bytes bar for parsing a large file, or `None`.
pub(crate) fn parsing(name: &str, bytes: usize) -> Option<ProgressBar> {
    if !enabled() || bytes < PARSE_BAR_BYTES {
        return None;
    }
    let bar = ProgressBar::new(bytes as u64);
    let style = ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec}, {eta} left)")
        .map(|s| s.progress_chars("=> "));
    if let Ok(style) = style {
        bar.set_style(style);
    }
    bar.set_message(format!("parsing {name}"));
    Some(bar)
}

/// A spinner for a step over `relations` relations, or `None` when it will be quick.
pub(crate) fn step(relations: usize, message: String) -> Option<ProgressBar> {
    if !enabled() || relations < STEP_RELATIONS {
        return None;
    }
    let bar = ProgressBar::new_spinner();
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
        bar.set_style(style);
    }
    bar.set_message(message);
    bar.enable_steady_tick(Duration::from_millis(120));
    Some(bar)
}

/// Ends a step's spinner.
pub(crate) fn done(bar: Option<ProgressBar>) {
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
}
