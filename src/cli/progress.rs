//! Progress on the terminal for the loading steps that take over about a second: parsing (with bytes per
//! second), checking and linking, writing the snapshot; and for a long blocs search (its share of the work
//! limit). The library reports the steps through
//! [`actorgraph::progress::Progress`]; this draws them with indicatif, only when stderr is a terminal and
//! not `--quiet`.
//!
//! Whether a step will take a second is judged by its size before it starts (parsing runs at roughly 50 to
//! 200 MB/s, checking at about a million relations a second), so short steps never flash a bar.

use std::io::IsTerminal;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actorgraph::progress::Progress;
use indicatif::{ProgressBar, ProgressStyle};

/// Files smaller than this parse in well under a second: no bar.
const PARSE_BAR_BYTES: usize = 32 << 20;
/// Steps over fewer relations than this take well under a second: no spinner.
const STEP_RELATIONS: usize = 300_000;

/// Progress bars on stderr.
#[derive(Default)]
struct Bars {
    /// The bar or spinner showing now.
    current: Mutex<Option<ProgressBar>>,
}

/// The progress callback for a command: bars on stderr when it is a terminal and `on`, else none.
pub fn terminal(on: bool) -> Option<Arc<dyn Progress>> {
    (on && std::io::stderr().is_terminal()).then(|| Arc::new(Bars::default()) as Arc<dyn Progress>)
}

impl Bars {
    fn show(&self, bar: ProgressBar) {
        if let Ok(mut current) = self.current.lock() {
            *current = Some(bar);
        }
    }

    fn finish(&self) {
        if let Some(bar) = self.current.lock().ok().and_then(|mut c| c.take()) {
            bar.finish_and_clear();
        }
    }
}

impl Progress for Bars {
    fn parsing(&self, file: &str, bytes: usize) -> bool {
        if bytes < PARSE_BAR_BYTES {
            return false;
        }
        let bar = ProgressBar::new(bytes as u64);
        let style =
            ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec}, {eta} left)")
                .map(|s| s.progress_chars("=> "));
        if let Ok(style) = style {
            bar.set_style(style);
        }
        bar.set_message(format!("parsing {file}"));
        self.show(bar);
        true
    }

    fn parsed_up_to(&self, at: usize) {
        if let Some(bar) = self.current.lock().ok().as_ref().and_then(|c| c.as_ref()) {
            bar.set_position(at as u64);
        }
    }

    fn parsed(&self) {
        self.finish();
    }

    fn step(&self, relations: usize, what: &str) {
        if relations < STEP_RELATIONS {
            return;
        }
        let bar = ProgressBar::new_spinner();
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
            bar.set_style(style);
        }
        bar.set_message(what.to_owned());
        bar.enable_steady_tick(Duration::from_millis(120));
        self.show(bar);
    }

    fn step_done(&self) {
        self.finish();
    }

    fn searching(&self, what: &str, done: u64, limit: u64) {
        let Ok(mut current) = self.current.lock() else { return };
        let bar = current.get_or_insert_with(|| {
            let bar = ProgressBar::new(limit);
            let style =
                ProgressStyle::with_template("{msg} [{bar:30}] {percent}% of the work limit at most ({elapsed})")
                    .map(|s| s.progress_chars("=> "));
            if let Ok(style) = style {
                bar.set_style(style);
            }
            bar.set_message(what.to_owned());
            bar
        });
        bar.set_position(done);
    }

    fn searched(&self) {
        self.finish();
    }
}
