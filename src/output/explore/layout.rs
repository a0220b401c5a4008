//! Positions for the explorer, computed before the page is written: Graphviz (`sfdp` or `dot`) when it is
//! installed, otherwise a built-in force-directed layout that stays fast at thousands of actors.
//!
//! The built-in layout is Fruchterman & Reingold (1991, "Graph drawing by force-directed placement") with
//! repulsion counted only between actors in neighbouring cells of a grid (their §4 "grid variant"), so one
//! step costs about O(actors + relations) rather than O(actors²). Deterministic: the start is a golden-angle
//! spiral in actor order and every step is plain arithmetic.

use std::io::Write as _;
use std::process::{Command, Stdio};

use crate::error::{Error, Result};
use crate::output::force;

/// Which program places the actors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayoutEngine {
    /// Graphviz's `sfdp` (force-directed, for networks of any size).
    Sfdp,
    /// Graphviz's `dot` (layered, for small hierarchies).
    Dot,
    /// actorgraph's own force-directed layout (no Graphviz needed).
    Builtin,
}

impl LayoutEngine {
    /// The engine's name as the page and the command line spell it.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sfdp => "sfdp",
            Self::Dot => "dot",
            Self::Builtin => "built-in",
        }
    }
}

/// Ideal distance between linked actors, in page units.
const K: f64 = 60.0;

/// Places actors of the given box `sizes` (points) linked by `links` (pairs of positions in `sizes`) with
/// Graphviz's `engine`.
///
/// Actors are fixed-size boxes without text, so the result depends on the graph and the Graphviz version
/// only (not on installed fonts). Coordinates are in points, rounded to one decimal.
///
/// # Errors
/// [`Error::Render`] when the program is missing (`std::io::ErrorKind::NotFound` inside, checked by
/// [`graphviz_missing`]) or fails.
pub fn graphviz(engine: LayoutEngine, sizes: &[(f64, f64)], links: &[(usize, usize)]) -> Result<Vec<(f64, f64)>> {
    let n = sizes.len();
    let program = match engine {
        LayoutEngine::Sfdp => "sfdp",
        LayoutEngine::Dot => "dot",
        LayoutEngine::Builtin => return Ok(builtin(sizes, links)),
    };
    let mut dot = String::with_capacity(64 + n * 40 + links.len() * 16);
    dot.push_str(
        "graph g {\nnode [shape=box, fixedsize=true, label=\"\"];\noverlap=prism; splines=false; sep=\"+6\";\n",
    );
    for (i, (w, h)) in sizes.iter().enumerate() {
        dot.push_str(&format!("n{i} [width={:.2}, height={:.2}];\n", w / 72.0, h / 72.0));
    }
    for &(a, b) in links {
        dot.push_str(&format!("n{a} -- n{b};\n"));
    }
    dot.push_str("}\n");
    let failed = |message: String| Error::Render { message };
    let mut child = Command::new(program)
        .arg("-Tplain")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            failed(if e.kind() == std::io::ErrorKind::NotFound {
                format!("{MISSING}: Graphviz's `{program}` is not on the PATH")
            } else {
                format!("could not start Graphviz's `{program}`: {e}")
            })
        })?;
    if let Some(mut stdin) = child.stdin.take() {
        // Written from another thread: Graphviz may fill its output pipe before it has read all of its input.
        let writer = std::thread::spawn(move || stdin.write_all(dot.as_bytes()));
        let output = child.wait_with_output().map_err(|e| failed(format!("Graphviz's `{program}` failed: {e}")))?;
        let _ = writer.join();
        if !output.status.success() {
            return Err(failed(format!(
                "Graphviz's `{program}` could not lay the network out: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            )));
        }
        return parse_plain(&String::from_utf8_lossy(&output.stdout), n)
            .ok_or_else(|| failed(format!("Graphviz's `{program}` gave positions actorgraph could not read")));
    }
    Err(failed(format!("could not write to Graphviz's `{program}`")))
}

/// The start of the message [`graphviz`] gives when the program is missing.
const MISSING: &str = "Graphviz is not installed";

/// Whether an error from [`graphviz`] means Graphviz is not installed (so the caller may fall back).
#[must_use]
pub fn graphviz_missing(error: &Error) -> bool {
    matches!(error, Error::Render { message } if message.starts_with(MISSING))
}

/// Reads the `node nI X Y …` lines of Graphviz's `-Tplain` output (inches, y upwards) into points, y down.
fn parse_plain(plain: &str, n: usize) -> Option<Vec<(f64, f64)>> {
    let mut pos = vec![None; n];
    for line in plain.lines() {
        let mut words = line.split(' ');
        if words.next() != Some("node") {
            continue;
        }
        let i: usize = words.next()?.strip_prefix('n')?.parse().ok()?;
        let x: f64 = words.next()?.parse().ok()?;
        let y: f64 = words.next()?.parse().ok()?;
        *pos.get_mut(i)? = Some((round(x * 72.0), round(-y * 72.0)));
    }
    pos.into_iter().collect()
}

fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0 + 0.0
}

/// The built-in layout (see the module documentation). Coordinates are rounded to one decimal.
#[must_use]
pub fn builtin(sizes: &[(f64, f64)], links: &[(usize, usize)]) -> Vec<(f64, f64)> {
    let n = sizes.len();
    #[allow(clippy::cast_precision_loss)] // actor counts are far below 2^52
    let mut pos: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            let i = i as f64;
            let (angle, radius) = (i * 2.399_963, K * 0.7 * (i + 1.0).sqrt());
            (radius * angle.cos(), radius * angle.sin())
        })
        .collect();
    if n < 2 {
        return pos.into_iter().map(|(x, y)| (round(x), round(y))).collect();
    }
    let steps = 120;
    let cell = 2.0 * K;
    #[allow(clippy::cast_precision_loss)]
    let start_temperature = K * (n as f64).sqrt() / 3.0;
    let mut shift = vec![(0.0_f64, 0.0_f64); n];
    let mut grid: std::collections::BTreeMap<(i64, i64), Vec<usize>> = std::collections::BTreeMap::new();
    for step in 0..steps {
        shift.iter_mut().for_each(|s| *s = (0.0, 0.0));
        grid.values_mut().for_each(Vec::clear);
        #[allow(clippy::cast_possible_truncation)] // positions stay far inside i64
        let cell_of = |p: (f64, f64)| ((p.0 / cell).floor() as i64, (p.1 / cell).floor() as i64);
        for (i, &p) in pos.iter().enumerate() {
            grid.entry(cell_of(p)).or_default().push(i);
        }
        for (i, &p) in pos.iter().enumerate() {
            let (cx, cy) = cell_of(p);
            for gx in cx - 1..=cx + 1 {
                for gy in cy - 1..=cy + 1 {
                    let Some(members) = grid.get(&(gx, gy)) else { continue };
                    for &j in members {
                        if j == i {
                            continue;
                        }
                        let (dx, dy) = (p.0 - pos[j].0, p.1 - pos[j].1);
                        let d = (dx * dx + dy * dy).sqrt().max(0.5);
                        if d < cell {
                            let force = K * K / d;
                            shift[i].0 += dx / d * force;
                            shift[i].1 += dy / d * force;
                        }
                    }
                }
            }
        }
        for &(a, b) in links {
            if a == b || a >= n || b >= n {
                continue;
            }
            force::attract(&pos, &mut shift, (a, b), K);
        }
        #[allow(clippy::cast_precision_loss)]
        let temperature = start_temperature * (1.0 - f64::from(step) / f64::from(steps)) + 1.0;
        for (p, s) in pos.iter_mut().zip(&shift) {
            // A weak pull to the centre keeps separate components on the page.
            force::move_capped(p, (s.0 - p.0 * 0.02, s.1 - p.1 * 0.02), temperature);
        }
    }
    if n <= OVERLAP_LIMIT {
        force::separate(&mut pos, sizes, 8.0, 60);
    }
    pos.into_iter().map(|(x, y)| (round(x), round(y))).collect()
}

/// Up to this many actors the built-in layout also pushes apart boxes that overlap (O(n²) per pass).
const OVERLAP_LIMIT: usize = 500;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_layout_is_deterministic_and_separates_actors() {
        let links: Vec<(usize, usize)> = (0..200).map(|i| (i % 50, (i * 7 + 3) % 50)).collect();
        let sizes = vec![(10.0, 10.0); 50];
        let a = builtin(&sizes, &links);
        assert_eq!(a, builtin(&sizes, &links));
        let mut close = 0;
        for i in 0..50 {
            for j in (i + 1)..50 {
                let d = ((a[i].0 - a[j].0).powi(2) + (a[i].1 - a[j].1).powi(2)).sqrt();
                if d < 5.0 {
                    close += 1;
                }
            }
        }
        assert!(close < 3, "{close} pairs of actors lie on top of each other");
    }

    #[test]
    fn plain_output_is_read_in_points_with_y_down() {
        let plain = "graph 1 2 2\nnode n1 1 2 0.1 0.1 n1 solid point black lightgrey\nnode n0 0.5 0 0.1 0.1 \
                     n0 solid point black lightgrey\nedge n0 n1 2 0 0 1 1 solid black\nstop\n";
        assert_eq!(parse_plain(plain, 2), Some(vec![(36.0, 0.0), (72.0, -144.0)]));
        assert_eq!(parse_plain(plain, 3), None, "a missing actor is an error, not a silent origin");
    }
}
