//! The report as one self-contained HTML page: styles inline, diagrams as inline SVG, no scripts and no
//! reference to anything outside the file.

use std::io::{self, Write};

use super::document::{anchor, reliability_meaning, Block, Document, Inline};

use crate::output::escape_markup as esc;

const STYLE: &str = "body{font-family:Georgia,'Times New Roman',serif;max-width:62rem;margin:2rem auto;padding:0 1rem;\
color:#1d1d1d;line-height:1.45}h1{font-size:1.9rem;margin-bottom:.2rem}h2{border-bottom:2px solid #33415c;\
padding-bottom:.2rem;margin-top:2.4rem;color:#33415c}h3{font-size:1.05rem;color:#33415c}.sub{color:#555;margin:0}\
table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:.9rem}th,td{border:1px solid #ccd;padding:.3rem .45rem;\
text-align:left;vertical-align:top}th{background:#eef1f6}dl{display:grid;grid-template-columns:max-content auto;\
gap:.15rem 1rem}dt{font-weight:bold}dd{margin:0}a{color:#1f4e99;text-decoration:none}a:hover{text-decoration:underline}\
code{background:#f3f3f3;padding:.05rem .3rem;font-size:.85rem}.cmd{color:#555;font-size:.85rem}figure{margin:1rem 0;\
overflow-x:auto}figure svg{max-width:100%;height:auto}figcaption{color:#555;font-size:.9rem}nav ol{columns:2}\
td.date,.nowrap{white-space:nowrap}.url{overflow-wrap:anywhere}";

/// How the report prints (Letter or A4): headings stay with what follows them, a section with a diagram
/// starts a landscape page of its own so the diagram is as large as the paper allows, table rows and
/// figures are not split, dates never wrap, and links print as plain text with their address kept in the
/// bibliography.
const PRINT: &str = "@page{margin:15mm 14mm}@page wide{size:landscape;margin:10mm 12mm}\
@media print{body{max-width:none;margin:0;padding:0;font-size:10.5pt;line-height:1.35}\
h1{font-size:20pt}h2{font-size:14pt;margin-top:0;padding-top:4mm}h3{font-size:11.5pt}\
h1,h2,h3,dt{break-after:avoid;page-break-after:avoid}h2+p,h2+.cmd,h3+table,h3+ul,h3+dl,.cmd+figure{break-before:avoid}\
section.figure{page:wide;break-before:page}section.figure h2{padding-top:0}\
figure{break-inside:avoid;page-break-inside:avoid;margin:2mm 0;overflow:visible}\
figure svg{width:100%;height:auto;max-height:165mm}figcaption{font-size:9pt}\
table{font-size:9pt}thead{display:table-header-group}tr,li{break-inside:avoid;page-break-inside:avoid}\
a{color:inherit}nav{break-after:page}nav ol{columns:2}p,li{orphans:3;widows:3}}";

fn inline(doc: &Document, pieces: &[Inline]) -> String {
    let graph = doc.graph;
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Inline::Text(t) => out.push_str(&esc(t)),
            Inline::Relation(r) => {
                let id = &graph.relation(*r).id;
                out.push_str(&format!("<a href=\"#{}\"><code>{}</code></a>", anchor("rel", id), esc(id)));
            }
            Inline::Source(s) => {
                let source = graph.source(*s);
                let name = source.publisher.as_deref().unwrap_or(&source.id);
                out.push_str(&format!("<a href=\"#{}\">{}</a>", anchor("src", &source.id), esc(name)));
            }
            Inline::Actor(a) => {
                let actor = graph.actor(*a);
                out.push_str(&format!("<a href=\"#{}\">{}</a>", anchor("actor", &actor.id), esc(&actor.name)));
            }
        }
    }
    out
}

fn block(doc: &Document, b: &Block, figures: &mut usize, out: &mut String) {
    match b {
        Block::Para(pieces) => out.push_str(&format!("<p>{}</p>\n", inline(doc, pieces))),
        Block::Heading(text) => out.push_str(&format!("<h3>{}</h3>\n", esc(text))),
        Block::Facts(facts) => {
            out.push_str("<dl>\n");
            for (label, value) in facts {
                out.push_str(&format!("<dt>{}</dt><dd>{}</dd>\n", esc(label), inline(doc, value)));
            }
            out.push_str("</dl>\n");
        }
        Block::Table { header, rows } => {
            out.push_str("<table>\n<thead><tr>");
            for h in header {
                out.push_str(&format!("<th>{}</th>", esc(h)));
            }
            out.push_str("</tr></thead>\n<tbody>\n");
            // Dates must not wrap at their hyphens ("2024-12-" / "02").
            let date_column: Vec<bool> = header
                .iter()
                .map(|h| matches!(h.to_lowercase().as_str(), "date" | "until" | "when" | "dates"))
                .collect();
            for row in rows {
                out.push_str("<tr>");
                for (c, cell) in row.iter().enumerate() {
                    let class = if date_column.get(c).copied().unwrap_or(false) { " class=\"date\"" } else { "" };
                    out.push_str(&format!("<td{class}>{}</td>", inline(doc, cell)));
                }
                out.push_str("</tr>\n");
            }
            out.push_str("</tbody>\n</table>\n");
        }
        Block::List(items) => {
            out.push_str("<ul>\n");
            for item in items {
                out.push_str(&format!("<li>{}</li>\n", inline(doc, item)));
            }
            out.push_str("</ul>\n");
        }
        Block::Figure(figure) => {
            // The SVG's own XML prolog and doctype are not allowed inside HTML: keep the <svg> element only.
            // The namespace declarations are URIs that HTML does not need for inline SVG, and the page must
            // not name any outside address.
            let svg = figure.svg.find("<svg").map_or(figure.svg.as_str(), |at| &figure.svg[at..]);
            let svg = svg
                .replace(" xmlns=\"http://www.w3.org/2000/svg\"", "")
                .replace(" xmlns:xlink=\"http://www.w3.org/1999/xlink\"", "");
            // Graphviz numbers its elements the same way in every SVG (`graph0`, `node1`); on one page the
            // ids must be unique, so each figure's get a prefix.
            *figures += 1;
            let svg = svg.replace(" id=\"", &format!(" id=\"figure{figures}-"));
            out.push_str(&format!("<figure>\n{svg}\n<figcaption>{}</figcaption>\n</figure>\n", esc(&figure.caption)));
        }
    }
}

/// Writes the report as one HTML page.
///
/// # Errors
/// When the writer fails.
pub fn write_html(doc: &Document, out: &mut dyn Write) -> io::Result<()> {
    let graph = doc.graph;
    let mut html = String::new();
    html.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    html.push_str(&format!("<title>{}</title>\n<style>{STYLE}{PRINT}</style>\n</head>\n<body>\n", esc(&doc.title)));
    html.push_str(&format!("<h1>{}</h1>\n", esc(&doc.title)));
    for line in &doc.subtitle {
        html.push_str(&format!("<p class=\"sub\">{}</p>\n", esc(line)));
    }
    html.push_str("<nav><h2>Contents</h2><ol>\n");
    for (i, section) in doc.sections.iter().enumerate() {
        html.push_str(&format!("<li><a href=\"#section-{}\">{}</a></li>\n", i + 1, esc(&section.title)));
    }
    for (id, title) in [("relations", "Relations cited"), ("actors", "Actors"), ("bibliography", "Bibliography")] {
        html.push_str(&format!("<li><a href=\"#{id}\">{title}</a></li>\n"));
    }
    html.push_str("</ol></nav>\n");
    let mut figures = 0;
    for (i, section) in doc.sections.iter().enumerate() {
        let figure = section.blocks.iter().any(|b| matches!(b, Block::Figure(_)));
        html.push_str(&format!(
            "<section{}>\n<h2 id=\"section-{}\">{}</h2>\n",
            if figure { " class=\"figure\"" } else { "" },
            i + 1,
            esc(&section.title)
        ));
        if let Some(intro) = &section.intro {
            html.push_str(&format!("<p>{}</p>\n", esc(intro)));
        }
        if let Some(command) = &section.command {
            html.push_str(&format!("<p class=\"cmd\">From <code>{}</code></p>\n", esc(command)));
        }
        for b in &section.blocks {
            block(doc, b, &mut figures, &mut html);
        }
        html.push_str("</section>\n");
    }

    html.push_str(
        "<section>\n<h2 id=\"relations\">Relations cited</h2>\n<table>\n<thead><tr><th>Id</th><th>Relation</th>\
                   <th>Date</th><th>Grade</th><th>Confidence</th><th>Sources</th><th>Note</th></tr></thead>\n<tbody>\n",
    );
    for &r in &doc.relations {
        let relation = graph.relation(r);
        let date = match (relation.date, relation.until) {
            (Some(d), Some(u)) => format!("{d} – {u}"),
            (Some(d), None) => d.to_string(),
            (None, Some(u)) => format!("until {u}"),
            (None, None) => "undated".to_owned(),
        };
        let sources: Vec<Inline> = relation
            .sources
            .iter()
            .enumerate()
            .flat_map(|(i, &s)| {
                let separator = (i > 0).then(|| Inline::Text(", ".to_owned()));
                separator.into_iter().chain(std::iter::once(Inline::Source(s)))
            })
            .collect();
        html.push_str(&format!(
            "<tr id=\"{}\"><td><code>{}</code></td><td>{}</td><td class=\"date\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            anchor("rel", &relation.id),
            esc(&relation.id),
            esc(&format!("{}{}", graph.describe(relation), crate::output::contested_mark(graph, r))),
            esc(&date),
            graph.grade(relation),
            crate::output::confidence_cell(relation.confidence),
            inline(doc, &sources),
            esc(&super::plain_text(relation.note.as_deref().unwrap_or("")))
        ));
    }
    html.push_str("</tbody>\n</table>\n</section>\n");

    html.push_str(
        "<section>\n<h2 id=\"actors\">Actors</h2>\n<table>\n<thead><tr><th>Name</th><th>Id</th><th>Kind</th>\
                   <th>Also known as</th></tr></thead>\n<tbody>\n",
    );
    for &a in &doc.actors {
        let actor = graph.actor(a);
        html.push_str(&format!(
            "<tr id=\"{}\"><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td></tr>\n",
            anchor("actor", &actor.id),
            esc(&actor.name),
            esc(&actor.id),
            esc(&actor.kind),
            esc(&actor.aliases.join(", "))
        ));
    }
    html.push_str("</tbody>\n</table>\n</section>\n");

    html.push_str(
        "<section>\n<h2 id=\"bibliography\">Bibliography</h2>\n<p>Every source cited by the relations above, \
                   with its Admiralty reliability grade (A completely reliable … F cannot be judged).</p>\n<ol>\n",
    );
    for &s in &doc.sources {
        let source = graph.source(s);
        let letter = source.reliability.unwrap_or('F');
        // Web addresses are links; anything else (a file path, an archive reference) stays as text.
        let url = source
            .url
            .as_deref()
            .map(|u| {
                let web =
                    ["http://", "https://"].iter().any(|p| u.get(..p.len()).is_some_and(|s| s.eq_ignore_ascii_case(p)));
                if web {
                    format!(" <a class=\"url\" href=\"{0}\">{0}</a>", esc(u))
                } else {
                    format!(" <code class=\"url\">{}</code>", esc(u))
                }
            })
            .unwrap_or_default();
        html.push_str(&format!(
            "<li id=\"{}\">{}{url} — reliability <strong>{letter}</strong> ({})</li>\n",
            anchor("src", &source.id),
            esc(&source.citation()),
            reliability_meaning(letter)
        ));
    }
    html.push_str("</ol>\n</section>\n<footer><p class=\"sub\">Made with actorgraph.</p></footer>\n</body>\n</html>\n");
    out.write_all(html.as_bytes())
}
