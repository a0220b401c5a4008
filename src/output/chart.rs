//! A small SVG line chart: a few series of scores over a series of dates, for the report's trends section.
//!
//! Hand-written SVG (no plotting crate): one polyline per series, a point marker at each known value, gaps
//! where a value is unknown, a labelled x axis (the dates) and y axis (0 to the largest value), and a legend.
//! Every text passes through [`super::escape_markup`]. The same input gives the same bytes.

use std::fmt::Write as _;

use super::escape_markup;

/// One line of the chart: its label and a value per date (`None`: no value then, drawn as a gap).
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The legend text (an actor's name).
    pub label: String,
    /// One value per x label.
    pub values: Vec<Option<f64>>,
}

/// Colours that stay distinct for readers with the common colour-vision deficiencies (Okabe & Ito 2008).
const COLOURS: [&str; 8] = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"];

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 300.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 200.0;
const TOP: f64 = 28.0;
const BOTTOM: f64 = 48.0;

/// Renders `lines` over the dates `x_labels` as an SVG document titled `title`.
///
/// ```
/// use actorgraph::output::chart::{line_chart, Line};
/// let svg = line_chart("Betweenness", &["2019".into(), "2020".into()],
///     &[Line { label: "Kataib Hezbollah".into(), values: vec![Some(0.1), Some(0.4)] }]);
/// assert!(svg.starts_with("<svg") && svg.contains("Kataib Hezbollah") && svg.contains("<polyline"));
/// ```
#[must_use]
pub fn line_chart(title: &str, x_labels: &[String], lines: &[Line]) -> String {
    let max = lines.iter().flat_map(|l| l.values.iter().flatten()).copied().fold(0.0_f64, f64::max);
    let top_value = if max > 0.0 { max } else { 1.0 };
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    #[allow(clippy::cast_precision_loss)] // a few dozen dates
    let x = |i: usize| {
        if x_labels.len() <= 1 {
            LEFT + plot_w / 2.0
        } else {
            LEFT + plot_w * i as f64 / (x_labels.len() - 1) as f64
        }
    };
    let y = |v: f64| TOP + plot_h * (1.0 - v / top_value);
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" \
         font-family=\"sans-serif\" font-size=\"11\" role=\"img\" aria-label=\"{}\">",
        escape_markup(title)
    );
    let _ = writeln!(svg, "<title>{}</title>", escape_markup(title));
    let _ = writeln!(svg, "<rect width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"white\"/>");
    let _ = writeln!(svg, "<text x=\"{LEFT}\" y=\"16\" font-size=\"13\">{}</text>", escape_markup(title));
    // Axes and horizontal grid lines at quarters of the range.
    for step in 0..=4 {
        let v = top_value * f64::from(step) / 4.0;
        let yy = y(v);
        let _ = writeln!(
            svg,
            "<line x1=\"{LEFT}\" y1=\"{yy:.1}\" x2=\"{:.1}\" y2=\"{yy:.1}\" stroke=\"#dddddd\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{v:.3}</text>",
            LEFT + plot_w,
            LEFT - 6.0,
            yy + 4.0
        );
    }
    let _ =
        writeln!(svg, "<line x1=\"{LEFT}\" y1=\"{TOP}\" x2=\"{LEFT}\" y2=\"{:.1}\" stroke=\"#444444\"/>", TOP + plot_h);
    // Every label when they fit, otherwise every n-th (and always the last).
    let every = x_labels.len().div_ceil(12).max(1);
    for (i, label) in x_labels.iter().enumerate() {
        if i % every == 0 || i + 1 == x_labels.len() {
            let _ = writeln!(
                svg,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                x(i),
                TOP + plot_h + 16.0,
                escape_markup(label)
            );
        }
    }
    for (n, line) in lines.iter().enumerate() {
        let colour = COLOURS[n % COLOURS.len()];
        // A gap (unknown value) ends one polyline and the next known value starts another.
        let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
        for (i, value) in line.values.iter().enumerate() {
            match value {
                Some(v) => runs.last_mut().map(|r| r.push((x(i), y(*v)))).unwrap_or_default(),
                None if runs.last().is_some_and(|r| !r.is_empty()) => runs.push(Vec::new()),
                None => {}
            }
        }
        for run in runs.iter().filter(|r| !r.is_empty()) {
            let points: Vec<String> = run.iter().map(|(a, b)| format!("{a:.1},{b:.1}")).collect();
            let _ = writeln!(
                svg,
                "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{}\"/>",
                points.join(" ")
            );
            for (a, b) in run {
                let _ = writeln!(svg, "<circle cx=\"{a:.1}\" cy=\"{b:.1}\" r=\"3\" fill=\"{colour}\"/>");
            }
        }
        #[allow(clippy::cast_precision_loss)] // eight lines at most in practice
        let ly = TOP + 8.0 + 18.0 * n as f64;
        let lx = WIDTH - RIGHT + 16.0;
        let _ = writeln!(
            svg,
            "<line x1=\"{lx}\" y1=\"{ly:.1}\" x2=\"{:.1}\" y2=\"{ly:.1}\" stroke=\"{colour}\" stroke-width=\"2\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            lx + 16.0,
            lx + 22.0,
            ly + 4.0,
            escape_markup(&line.label)
        );
    }
    svg.push_str("</svg>\n");
    svg
}
