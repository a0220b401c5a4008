//! XML through quick-xml: the one escaping function every GraphML, GEXF, SVG and HTML value passes through
//! ([`escape`]), the writer of the data files, and the reading steps the GraphML and GEXF readers share
//! (events with their offsets, the root check, attributes, entity references).

use std::io::Write;

use quick_xml::events::{BytesDecl, BytesEnd, BytesRef, BytesStart, BytesText, Event};
use quick_xml::{Reader, XmlVersion};

/// Where escaped text goes: each place has its own rules, all kept in [`escape`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Element text of a data file (GraphML, GEXF): markup characters become entities, a carriage return a
    /// character reference (parsers would turn it into a line feed); quotes, tabs and line feeds stay.
    Text,
    /// An attribute value of a data file: as [`Place::Text`], and quotes, tabs and line feeds become
    /// references too, since XML parsers turn literal ones into spaces.
    Attribute,
    /// A page for people (the built-in SVG, the HTML report): the five markup characters (`'` too) become
    /// entities; tabs and line breaks stay as they are.
    Markup,
}

/// Escapes text for XML 1.0 (and HTML) in one place, by where it goes ([`Place`]). Characters XML 1.0
/// cannot hold at all (control characters other than tab and line breaks, U+FFFE, U+FFFF) are dropped: no
/// parser would read the file otherwise (for [`Place::Markup`], every control character of Unicode's Cc
/// category but tab and line breaks).
#[must_use]
pub fn escape(value: &str, place: Place) -> String {
    let attribute = place == Place::Attribute;
    let markup = place == Place::Markup;
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute || markup => out.push_str("&quot;"),
            '\'' if markup => out.push_str("&#39;"),
            '\t' | '\n' | '\r' if markup => out.push(c),
            c if markup && c.is_control() => {}
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
        let value = escape(value, Place::Attribute);
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
        self.writer.write_event(Event::Text(BytesText::from_escaped(escape(text, Place::Text))))?;
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

/// Reads the next event of `reader`, with the offset where it starts counted from the start of the whole
/// text (`base` is where the reader's text begins in it, after a byte-order mark). A file that is not
/// well-formed gives the offset of the fault and "not well-formed XML{label}: …".
pub(crate) fn next_event<'a>(
    reader: &mut Reader<&'a [u8]>,
    base: usize,
    label: &str,
) -> Result<(usize, Event<'a>), (usize, String)> {
    let before = base + usize::try_from(reader.buffer_position()).unwrap_or(0);
    let event = reader.read_event().map_err(|e| {
        let at = usize::try_from(reader.error_position()).map_or(before, |p| base + p);
        (at, format!("not well-formed XML{label}: {e}"))
    })?;
    Ok((before, event))
}

/// Checks that the document's first element (`name`, met while `saw_root` is still false) is `root`, the
/// root element of `format`.
pub(crate) fn check_root(saw_root: &mut bool, name: &[u8], root: &[u8], format: &str) -> Result<(), String> {
    if *saw_root {
        return Ok(());
    }
    *saw_root = true;
    if name == root {
        Ok(())
    } else {
        Err(format!("this is not {format}: the document starts with <{}>", String::from_utf8_lossy(name)))
    }
}

/// The value of the attribute `name` (its local name, without a namespace prefix) of `element`, with its
/// references resolved and its white space normalised as XML 1.0 says.
pub(crate) fn attribute(element: &BytesStart, name: &[u8]) -> Result<Option<String>, String> {
    for attr in element.attributes() {
        let attr = attr.map_err(|e| format!("a broken attribute: {e}"))?;
        if attr.key.local_name().as_ref() == name {
            let value =
                attr.normalized_value(XmlVersion::Implicit1_0).map_err(|e| format!("a broken attribute value: {e}"))?;
            return Ok(Some(value.into_owned()));
        }
    }
    Ok(None)
}

/// The text an entity or character reference in element text stands for: a character reference, or one of
/// XML's five predefined entities; any other entity is an error (no DTD is ever read, so none is declared).
pub(crate) fn reference_text(reference: &BytesRef) -> Result<String, String> {
    match reference.resolve_char_ref() {
        Ok(Some(c)) => Ok(c.to_string()),
        Ok(None) => {
            let name = reference.decode().map_err(|e| format!("a broken entity: {e}"))?;
            Ok(match &*name {
                "lt" => "<",
                "gt" => ">",
                "amp" => "&",
                "apos" => "'",
                "quot" => "\"",
                other => return Err(format!("unknown entity &{other};")),
            }
            .to_owned())
        }
        Err(e) => Err(format!("a broken character reference: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_breaks_and_forbidden_characters() {
        let hostile = "a<b>&\"c\" 'd'\n\te\r\u{1}\u{ffff}كتائب";
        assert_eq!(escape(hostile, Place::Attribute), "a&lt;b&gt;&amp;&quot;c&quot; 'd'&#10;&#9;e&#13;كتائب");
        assert_eq!(escape(hostile, Place::Text), "a&lt;b&gt;&amp;\"c\" 'd'\n\te&#13;كتائب");
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
