//! The built-in renderer, used when Graphviz is not installed: a force-directed layout (Fruchterman &
//! Reingold 1991, "Graph drawing by force-directed placement", with a cooling schedule and pulls towards
//! cluster centres) and a small SVG writer. Straight lines, no label placement: good enough to read a
//! diagram; Graphviz stays the reference renderer.
//!
//! Deterministic: the start positions are a golden-angle spiral in node order and every step is plain
//! arithmetic, so the same diagram gives the same bytes.

use std::fmt::Write as _;

use crate::output::{escape_markup, force};

use super::model::{Diagram, NodeKind};
use super::style::{ActorLook, EdgeClass, CLAIM_BORDER, CLAIM_FILL};

/// Ideal line length, in pixels.
const K: f64 = 90.0;
const CHAR: f64 = 6.6;
const LINE: f64 = 14.0;
const MARGIN: f64 = 20.0;

/// Width and height of a text block at a font size relative to 11 px.
fn text_size(text: &str, scale: f64) -> (f64, f64) {
    let lines: Vec<&str> = text.split('\n').collect();
    #[allow(clippy::cast_precision_loss)] // label lengths are small
    let widest = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0) as f64;
    #[allow(clippy::cast_precision_loss)]
    let height = lines.len() as f64 * LINE * scale;
    (widest * CHAR * scale, height)
}

fn layout(diagram: &Diagram, sizes: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let n = diagram.nodes.len();
    #[allow(clippy::cast_precision_loss)]
    let mut pos: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            let i = i as f64;
            let (angle, radius) = (i * 2.399_963, K * 0.6 * (i + 1.0).sqrt());
            (radius * angle.cos(), radius * angle.sin())
        })
        .collect();
    let mut cluster_of: Vec<Option<usize>> = vec![None; n];
    for (c, cluster) in diagram.clusters.iter().enumerate() {
        for &m in &cluster.nodes {
            cluster_of[m] = Some(c);
        }
    }
    // O(n²) per step: fewer steps for big diagrams keeps the fallback under a few seconds.
    let steps = (40_000_000 / (n * n).max(1)).clamp(30, 300);
    #[allow(clippy::cast_precision_loss)]
    let start_temperature = K * (n as f64).sqrt().max(2.0) / 2.0;
    for step in 0..steps {
        let mut shift = vec![(0.0_f64, 0.0_f64); n];
        for i in 0..n {
            for j in (i + 1)..n {
                let (dx, dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
                let d = (dx * dx + dy * dy).sqrt().max(0.5);
                // Wide labels need more room than the ideal length alone gives.
                let reach = K + (sizes[i].0 + sizes[j].0) / 6.0;
                let force = reach * reach / d;
                shift[i].0 += dx / d * force;
                shift[i].1 += dy / d * force;
                shift[j].0 -= dx / d * force;
                shift[j].1 -= dy / d * force;
            }
        }
        for edge in &diagram.edges {
            force::attract(&pos, &mut shift, (edge.from, edge.to), K);
        }
        let mut centres = vec![(0.0, 0.0, 0.0); diagram.clusters.len()];
        for (i, c) in cluster_of.iter().enumerate() {
            if let Some(c) = *c {
                centres[c] = (centres[c].0 + pos[i].0, centres[c].1 + pos[i].1, centres[c].2 + 1.0);
            }
        }
        for (i, c) in cluster_of.iter().enumerate() {
            // Gravity keeps separate components together; cluster members are pulled to their centre.
            shift[i].0 -= pos[i].0 * 0.6;
            shift[i].1 -= pos[i].1 * 0.6;
            if let Some(c) = *c {
                let (cx, cy) = (centres[c].0 / centres[c].2, centres[c].1 / centres[c].2);
                shift[i].0 -= (pos[i].0 - cx) * 0.5;
                shift[i].1 -= (pos[i].1 - cy) * 0.5;
            }
        }
        #[allow(clippy::cast_precision_loss)]
        let temperature = start_temperature * (1.0 - step as f64 / steps as f64) + 1.0;
        for (p, s) in pos.iter_mut().zip(&shift) {
            force::move_capped(p, *s, temperature);
        }
    }
    // Push apart boxes that still overlap.
    force::separate(&mut pos, sizes, 10.0, 50);
    pos
}

/// Where the segment from the centre of a `w`×`h` box at `c` towards `to` leaves the box.
fn clip(c: (f64, f64), (w, h): (f64, f64), to: (f64, f64)) -> (f64, f64) {
    let (dx, dy) = (to.0 - c.0, to.1 - c.1);
    if dx.abs() < 1e-9 && dy.abs() < 1e-9 {
        return c;
    }
    let scale_x = if dx.abs() > 1e-9 { (w / 2.0) / dx.abs() } else { f64::INFINITY };
    let scale_y = if dy.abs() > 1e-9 { (h / 2.0) / dy.abs() } else { f64::INFINITY };
    let scale = scale_x.min(scale_y).min(1.0);
    (c.0 + dx * scale, c.1 + dy * scale)
}

fn dash(line: &str) -> &'static str {
    match line {
        "dashed" => " stroke-dasharray=\"6,4\"",
        "dotted" => " stroke-dasharray=\"2,3\"",
        _ => "",
    }
}

fn lines_of_text(out: &mut String, text: &str, x: f64, y_centre: f64, size: f64, colour: &str, halo: bool) {
    // The same reading of line breaks and tabs as the DOT quoting, so both renderers show the same text.
    let text = text.replace("\r\n", "\n").replace('\r', "\n").replace('\t', " ");
    let lines: Vec<&str> = text.split('\n').collect();
    #[allow(clippy::cast_precision_loss)]
    let top = y_centre - (lines.len() as f64 - 1.0) * size * 1.25 / 2.0 + size * 0.35;
    let halo = if halo { " stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\"" } else { "" };
    for (i, line) in lines.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let y = top + i as f64 * size * 1.25;
        let _ = writeln!(
            out,
            "<text x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"middle\" font-family=\"Helvetica,Arial,sans-serif\" \
             font-size=\"{size:.1}\" fill=\"{colour}\"{halo}>{}</text>",
            escape_markup(line)
        );
    }
}

fn shape(out: &mut String, look: &ActorLook, (x, y): (f64, f64), (w, h): (f64, f64), stroke: f64, dashed: bool) {
    let dashes = if dashed || look.style().contains("dashed") { dash("dashed") } else { "" };
    let radius = if look.rounded { 8.0 } else { 1.0 };
    let _ = writeln!(
        out,
        "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" rx=\"{radius:.1}\" fill=\"{}\" \
         stroke=\"{}\" stroke-width=\"{stroke:.1}\"{dashes}/>",
        x - w / 2.0,
        y - h / 2.0,
        look.fill,
        look.border
    );
    if look.double {
        let _ = writeln!(
            out,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"{radius:.1}\" fill=\"none\" \
             stroke=\"{}\"/>",
            x - w / 2.0 + 3.0,
            y - h / 2.0 + 3.0,
            w - 6.0,
            h - 6.0,
            look.border
        );
    }
}

/// A legend row: its text, and a sample node look or a sample line (class, denied).
type LegendRow<'a> = (String, Option<&'a ActorLook>, Option<(EdgeClass, bool)>);

const CLAIM_LOOK: ActorLook = ActorLook {
    kind: "claim",
    legend: "claim",
    shape: "box",
    rounded: true,
    double: false,
    fill: CLAIM_FILL,
    border: CLAIM_BORDER,
};

fn marker_id(class: EdgeClass) -> String {
    format!("arrow-{class:?}").to_lowercase()
}

/// Renders a diagram as SVG with the built-in layout. Each node is a `<g class="node">` with the node's DOT id
/// as `<title>` and one `<text>` per label line, as Graphviz writes them.
///
/// # Complexity
/// O(n² · steps) for n nodes, with fewer steps for bigger diagrams (about 4·10⁷ pair updates at most).
///
/// ```
/// use actorgraph::output::dot::{build, to_svg, Options, Selection};
/// use actorgraph::query::{Filter, View};
/// let graph = actorgraph::load::embedded();
/// let view = View::new(&graph, &Filter::default());
/// let diagram = build(&view, &Selection::contradictions(&view), &Filter::default(), &Options::default());
/// let svg = to_svg(&diagram);
/// assert!(svg.starts_with("<?xml") && svg.contains("Falah al-Fayyadh"));
/// ```
#[must_use]
#[allow(clippy::too_many_lines)] // a flat list of drawing steps
pub fn to_svg(diagram: &Diagram) -> String {
    let sizes: Vec<(f64, f64)> = diagram
        .nodes
        .iter()
        .map(|node| match node.kind {
            NodeKind::Actor { .. } => {
                let (w, h) = text_size(&node.label, 1.0);
                (w + 24.0, h + 14.0)
            }
            NodeKind::Claim { .. } => {
                let (w, h) = text_size(&node.label, 0.75);
                (w + 10.0, h + 6.0)
            }
        })
        .collect();
    let mut pos = layout(diagram, &sizes);

    // Legend entries (label, sample) and caption sizes, to size the canvas.
    let mut legend_rows: Vec<LegendRow> = Vec::new();
    if let Some(legend) = &diagram.legend {
        legend_rows
            .extend(legend.actor_kinds.iter().map(|(_, label, look)| (label.replace('\n', " "), Some(*look), None)));
        if legend.claim.is_some() {
            legend_rows.push(("claim (what others deny or report)".to_owned(), Some(&CLAIM_LOOK), None));
        }
        legend_rows.extend(legend.relation_kinds.iter().map(|l| (l.label.clone(), None, Some((l.class, l.disputed)))));
    }
    #[allow(clippy::cast_precision_loss)]
    let legend_width =
        legend_rows.iter().map(|(l, ..)| l.chars().count()).max().map_or(0.0, |c| c as f64 * CHAR + 70.0);
    #[allow(clippy::cast_precision_loss)]
    let legend_height = legend_rows.len() as f64 * 20.0 + if legend_rows.is_empty() { 0.0 } else { 30.0 };

    let (mut min_x, mut min_y, mut max_x, mut max_y) = (0.0_f64, 0.0_f64, 0.0_f64, 0.0_f64);
    for (p, s) in pos.iter().zip(&sizes) {
        min_x = min_x.min(p.0 - s.0 / 2.0 - 20.0);
        min_y = min_y.min(p.1 - s.1 / 2.0 - 28.0);
        max_x = max_x.max(p.0 + s.0 / 2.0 + 20.0);
        max_y = max_y.max(p.1 + s.1 / 2.0 + 20.0);
    }
    for p in &mut pos {
        p.0 += MARGIN - min_x;
        p.1 += MARGIN - min_y;
    }
    let drawing = (max_x - min_x, max_y - min_y);
    let caption = diagram.caption.join("\n");
    let (caption_w, caption_h) = text_size(&caption, 1.0);
    let width = (drawing.0 + legend_width + 3.0 * MARGIN).max(caption_w + 2.0 * MARGIN);
    let height = drawing.1.max(legend_height) + caption_h + 3.0 * MARGIN;

    let mut out = String::new();
    let _ = writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>");
    let _ = writeln!(out, "<!-- Generated by actorgraph's built-in layout (Graphviz was not installed) -->");
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}pt\" height=\"{height:.0}pt\" \
         viewBox=\"0 0 {width:.1} {height:.1}\">"
    );
    let _ = writeln!(out, "<title>{}</title>", escape_markup(&diagram.name));
    let _ = writeln!(out, "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
    let mut classes: Vec<EdgeClass> = diagram.edges.iter().map(|e| e.class).collect();
    if let Some(legend) = &diagram.legend {
        classes.extend(legend.relation_kinds.iter().map(|l| l.class));
    }
    classes.sort_unstable();
    classes.dedup();
    let _ = writeln!(out, "<defs>");
    for class in &classes {
        let look = class.look();
        let body = match look.arrowhead {
            "tee" => format!("<rect x=\"6\" y=\"0\" width=\"3\" height=\"10\" fill=\"{}\"/>", look.color),
            "empty" => format!("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#ffffff\" stroke=\"{}\"/>", look.color),
            _ => format!("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"{}\"/>", look.color),
        };
        let _ = writeln!(
            out,
            "<marker id=\"{}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" \
             markerUnits=\"userSpaceOnUse\" orient=\"auto\">{body}</marker>",
            marker_id(*class)
        );
    }
    let _ = writeln!(out, "</defs>");

    for cluster in &diagram.clusters {
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for &m in &cluster.nodes {
            x0 = x0.min(pos[m].0 - sizes[m].0 / 2.0 - 10.0);
            y0 = y0.min(pos[m].1 - sizes[m].1 / 2.0 - 24.0);
            x1 = x1.max(pos[m].0 + sizes[m].0 / 2.0 + 10.0);
            y1 = y1.max(pos[m].1 + sizes[m].1 / 2.0 + 10.0);
        }
        let _ = writeln!(
            out,
            "<g class=\"cluster\"><rect x=\"{x0:.1}\" y=\"{y0:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"8\" \
             fill=\"none\" stroke=\"#999999\" stroke-dasharray=\"6,4\"/>",
            x1 - x0,
            y1 - y0
        );
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-family=\"Helvetica,Arial,sans-serif\" font-size=\"11.0\" \
             fill=\"#666666\">{}</text></g>",
            x0 + 8.0,
            y0 + 14.0,
            escape_markup(&cluster.label)
        );
    }

    for edge in &diagram.edges {
        let (a, b) = (pos[edge.from], pos[edge.to]);
        let start = clip(a, sizes[edge.from], b);
        let end = clip(b, sizes[edge.to], a);
        let look = edge.class.look();
        let line = if edge.disputed {
            "dashed"
        } else if edge.unknown_confidence {
            "dotted"
        } else {
            look.line
        };
        let arrow = if edge.arrow { format!(" marker-end=\"url(#{})\"", marker_id(edge.class)) } else { String::new() };
        let _ = writeln!(
            out,
            "<g class=\"edge\"><title>{}</title><line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" \
             stroke=\"{}\" stroke-width=\"{:.1}\"{}{arrow}/>",
            escape_markup(&edge.tooltip),
            start.0,
            start.1,
            end.0,
            end.1,
            look.color,
            edge.width,
            dash(line)
        );
        if let Some(label) = &edge.label {
            lines_of_text(&mut out, label, (a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0, 8.0, look.color, true);
        }
        let _ = writeln!(out, "</g>");
    }

    for (i, node) in diagram.nodes.iter().enumerate() {
        let _ = writeln!(out, "<g class=\"node\"><title>{}</title>", escape_markup(&node.id));
        match node.kind {
            NodeKind::Actor { look, focus, .. } => {
                shape(&mut out, look, pos[i], sizes[i], if focus { 3.0 } else { 1.0 }, false);
                lines_of_text(&mut out, &node.label, pos[i].0, pos[i].1, 11.0, "#000000", false);
            }
            NodeKind::Claim { disputed, .. } => {
                shape(&mut out, &CLAIM_LOOK, pos[i], sizes[i], 1.0, disputed);
                lines_of_text(&mut out, &node.label, pos[i].0, pos[i].1, 8.0, "#000000", false);
            }
        }
        let _ = writeln!(out, "</g>");
    }

    if !legend_rows.is_empty() {
        let x = drawing.0 + 2.0 * MARGIN;
        let mut y = MARGIN;
        let _ = writeln!(
            out,
            "<g class=\"legend\"><rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{legend_width:.1}\" \
             height=\"{legend_height:.1}\" rx=\"8\" fill=\"none\" stroke=\"#bbbbbb\"/>"
        );
        lines_of_text(
            &mut out,
            "Legend (line width: confidence)",
            x + legend_width / 2.0,
            y + 14.0,
            10.0,
            "#000000",
            false,
        );
        y += 36.0;
        for (label, look, line) in &legend_rows {
            if let Some(look) = look {
                shape(&mut out, look, (x + 25.0, y), (30.0, 14.0), 1.0, false);
            }
            if let Some((class, disputed)) = line {
                let look = class.look();
                let style = if *disputed { "dashed" } else { look.line };
                let _ = writeln!(
                    out,
                    "<line x1=\"{:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"{}\" stroke-width=\"1.5\"{}/>",
                    x + 10.0,
                    x + 45.0,
                    look.color,
                    dash(style)
                );
            }
            let _ = writeln!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-family=\"Helvetica,Arial,sans-serif\" font-size=\"9.0\">{}</text>",
                x + 55.0,
                y + 3.0,
                escape_markup(label)
            );
            y += 20.0;
        }
        let _ = writeln!(out, "</g>");
    }

    lines_of_text(
        &mut out,
        &caption,
        width / 2.0,
        drawing.1.max(legend_height) + 2.0 * MARGIN + caption_h / 2.0,
        11.0,
        "#000000",
        false,
    );
    let _ = writeln!(out, "</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_is_escaped_and_forbidden_characters_dropped() {
        assert_eq!(escape_markup("a<b>&\"c\"'"), "a&lt;b&gt;&amp;&quot;c&quot;&#39;");
        assert_eq!(escape_markup("nul\0here\u{ffff}"), "nulhere");
    }

    #[test]
    fn clipping_stops_at_the_box_edge() {
        let (x, y) = clip((0.0, 0.0), (20.0, 10.0), (100.0, 0.0));
        assert!((x - 10.0).abs() < 1e-9 && y.abs() < 1e-9);
        let (x, y) = clip((0.0, 0.0), (20.0, 10.0), (0.0, -50.0));
        assert!(x.abs() < 1e-9 && (y + 5.0).abs() < 1e-9);
    }
}
