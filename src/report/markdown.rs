//! The report as Markdown, with diagrams as SVG files beside it and HTML anchors so that every relation,
//! source and actor link works on GitHub, GitLab and in most Markdown viewers.

use std::io::{self, Write};

use super::document::{anchor, reliability_meaning, Block, Document, Inline};

fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// A source's URL for Markdown: an `http(s)` URL without blanks, quotes or angle brackets becomes a link;
/// anything else (`javascript:`, `data:`, a URL that would break out of the link) is shown as escaped text
/// that no viewer runs or follows.
fn url(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let web = lower.starts_with("https://") || lower.starts_with("http://");
    let plain = !text.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '`'));
    if web && plain {
        format!("<{text}>")
    } else {
        format!("(address: {})", esc(text))
    }
}

/// Text inside a code span: a backtick would end the span and let the rest be read as Markdown or HTML.
fn code(text: &str) -> String {
    format!("`{}`", text.replace('`', "'").replace(['\n', '\r'], " "))
}

fn inline(doc: &Document, pieces: &[Inline]) -> String {
    let graph = doc.graph;
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Inline::Text(t) => out.push_str(&esc(t)),
            Inline::Relation(r) => {
                let id = &graph.relation(*r).id;
                out.push_str(&format!("[{}](#{})", esc(id), anchor("rel", id)));
            }
            Inline::Source(s) => {
                let source = graph.source(*s);
                let name = source.publisher.as_deref().unwrap_or(&source.id);
                out.push_str(&format!("[{}](#{})", esc(name), anchor("src", &source.id)));
            }
            Inline::Actor(a) => {
                let actor = graph.actor(*a);
                out.push_str(&format!("[{}](#{})", esc(&actor.name), anchor("actor", &actor.id)));
            }
        }
    }
    out
}

fn table(header: &[String], rows: impl Iterator<Item = Vec<String>>, out: &mut String) {
    out.push_str(&format!("| {} |\n", header.iter().map(|h| esc(h)).collect::<Vec<_>>().join(" | ")));
    out.push_str(&format!("|{}\n", " --- |".repeat(header.len())));
    for row in rows {
        out.push_str(&format!("| {} |\n", row.join(" | ")));
    }
    out.push('\n');
}

/// Writes the report as Markdown; figures are referenced by their file names (written beside it).
///
/// # Errors
/// When the writer fails.
pub fn write_markdown(doc: &Document, out: &mut dyn Write) -> io::Result<()> {
    let graph = doc.graph;
    let mut md = format!("# {}\n\n", esc(&doc.title));
    for line in &doc.subtitle {
        md.push_str(&format!("{}  \n", esc(line)));
    }
    md.push('\n');
    for section in &doc.sections {
        md.push_str(&format!("## {}\n\n", esc(&section.title)));
        if let Some(intro) = &section.intro {
            md.push_str(&format!("{}\n\n", esc(intro)));
        }
        if let Some(command) = &section.command {
            md.push_str(&format!("From {}\n\n", code(command)));
        }
        for b in &section.blocks {
            match b {
                Block::Para(pieces) => md.push_str(&format!("{}\n\n", inline(doc, pieces))),
                Block::Heading(text) => md.push_str(&format!("### {}\n\n", esc(text))),
                Block::Facts(facts) => {
                    for (label, value) in facts {
                        md.push_str(&format!("- **{}**: {}\n", esc(label), inline(doc, value)));
                    }
                    md.push('\n');
                }
                Block::Table { header, rows } => {
                    table(header, rows.iter().map(|r| r.iter().map(|c| inline(doc, c)).collect()), &mut md);
                }
                Block::List(items) => {
                    for item in items {
                        md.push_str(&format!("- {}\n", inline(doc, item)));
                    }
                    md.push('\n');
                }
                Block::Figure(figure) => {
                    md.push_str(&format!(
                        "![{}]({})\n\n*{}*\n\n",
                        esc(&figure.caption),
                        figure.file,
                        esc(&figure.caption)
                    ));
                }
            }
        }
    }
    md.push_str("## Relations cited\n\n");
    let header = ["Id", "Relation", "Date", "Grade", "Confidence", "Sources", "Note"].map(str::to_owned);
    let rows = doc.relations.iter().map(|&r| {
        let relation = graph.relation(r);
        let date = relation.date.map_or_else(|| "undated".to_owned(), |d| d.to_string());
        let sources: Vec<String> = relation.sources.iter().map(|&s| inline(doc, &[Inline::Source(s)])).collect();
        vec![
            format!("<a id=\"{}\"></a>{}", anchor("rel", &relation.id), code(&relation.id)),
            esc(&format!("{}{}", graph.describe(relation), crate::output::contested_mark(graph, r))),
            esc(&date),
            graph.grade(relation).to_string(),
            crate::output::confidence_cell(relation.confidence),
            sources.join(", "),
            esc(&super::plain_text(relation.note.as_deref().unwrap_or(""))),
        ]
    });
    table(&header, rows, &mut md);
    md.push_str("## Actors\n\n");
    let header = ["Name", "Id", "Kind", "Also known as"].map(str::to_owned);
    let rows = doc.actors.iter().map(|&a| {
        let actor = graph.actor(a);
        vec![
            format!("<a id=\"{}\"></a>{}", anchor("actor", &actor.id), esc(&actor.name)),
            code(&actor.id),
            esc(&actor.kind),
            esc(&actor.aliases.join(", ")),
        ]
    });
    table(&header, rows, &mut md);
    md.push_str("## Bibliography\n\n");
    for (i, &s) in doc.sources.iter().enumerate() {
        let source = graph.source(s);
        let letter = source.reliability.unwrap_or('F');
        let url = source.url.as_deref().map(|u| format!(" {}", url(u))).unwrap_or_default();
        md.push_str(&format!(
            "{}. <a id=\"{}\"></a>{}{url} — reliability **{letter}** ({})\n",
            i + 1,
            anchor("src", &source.id),
            esc(&source.citation()),
            reliability_meaning(letter)
        ));
    }
    out.write_all(md.as_bytes())
}
