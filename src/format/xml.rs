//! Writing XML through quick-xml, with the one escaping function every GraphML and GEXF value passes through.

use std::io::Write;

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

/// Escapes text for XML 1.0 in one place. Markup characters become entities; in attribute values, tabs and
/// line breaks become character references too, since XML parsers turn literal ones into spaces. Characters
/// XML 1.0 cannot hold at all (control characters other than tab and line breaks, U+FFFE, U+FFFF) are
/// dropped: no parser would read the file otherwise.
pub(super) fn escape(value: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\t' | '\n' => out.push(c),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => {}
            _ => out.push(c),
        }
    }
    out
}

/// An indented XML document being written.
pub(super) struct Xml<'w> {
    writer: quick_xml::Writer<&'w mut dyn Write>,
}

fn start<'a>(name: &'a str, attributes: &[(&str, &str)]) -> BytesStart<'a> {
    let mut element = BytesStart::new(name);
    for (key, value) in attributes {
        let value = escape(value, true);
        // The value is escaped above; quick-xml writes raw byte pairs as they are.
        element.push_attribute((key.as_bytes(), value.as_bytes()));
    }
    element
}

impl<'w> Xml<'w> {
    /// Starts a UTF-8 document with its declaration.
    pub fn new(out: &'w mut dyn Write) -> std::io::Result<Self> {
        let mut writer = quick_xml::Writer::new_with_indent(out, b' ', 2);
        writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        Ok(Self { writer })
    }

    /// `<name attributes…/>`.
    pub fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) -> std::io::Result<()> {
        self.writer.write_event(Event::Empty(start(name, attributes)))
    }

    /// `<name attributes…>text</name>`.
    pub fn text(&mut self, name: &str, attributes: &[(&str, &str)], text: &str) -> std::io::Result<()> {
        self.writer.write_event(Event::Start(start(name, attributes)))?;
        self.writer.write_event(Event::Text(BytesText::from_escaped(escape(text, false))))?;
        self.writer.write_event(Event::End(BytesEnd::new(name)))
    }

    /// `<name attributes…>`, to be closed with [`Xml::close`].
    pub fn open(&mut self, name: &str, attributes: &[(&str, &str)]) -> std::io::Result<()> {
        self.writer.write_event(Event::Start(start(name, attributes)))
    }

    /// `</name>`.
    pub fn close(&mut self, name: &str) -> std::io::Result<()> {
        self.writer.write_event(Event::End(BytesEnd::new(name)))
    }

    /// Ends the document with a line break.
    pub fn finish(self) -> std::io::Result<()> {
        writeln!(self.writer.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_breaks_and_forbidden_characters() {
        let hostile = "a<b>&\"c\" 'd'\n\te\r\u{1}\u{ffff}كتائب";
        assert_eq!(escape(hostile, true), "a&lt;b&gt;&amp;&quot;c&quot; 'd'&#10;&#9;e&#13;كتائب");
        assert_eq!(escape(hostile, false), "a&lt;b&gt;&amp;\"c\" 'd'\n\te&#13;كتائب");
    }

    #[test]
    fn elements_are_written_escaped_and_indented() {
        let mut out = Vec::new();
        let mut xml = Xml::new(&mut out).unwrap();
        xml.open("root", &[("a", "x\"y")]).unwrap();
        xml.text("t", &[("k", "1")], "a & b").unwrap();
        xml.empty("e", &[]).unwrap();
        xml.close("root").unwrap();
        xml.finish().unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<root a=\"x&quot;y\">\n  <t k=\"1\">a &amp; b</t>\n  <e/>\n</root>\n"
        );
    }
}
