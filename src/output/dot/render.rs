//! Rendering a diagram to SVG, PNG or PDF: with Graphviz's `dot` through graphviz-rust's `exec` when it is
//! installed; otherwise SVG through the built-in layout ([`super::to_svg`]) and a clear error for PNG and PDF.

use std::io::ErrorKind;

use graphviz_rust::cmd::Format;

use crate::error::{Error, Result};

use super::model::Diagram;
use super::svg::to_svg;

/// A file format to render to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RenderFormat {
    /// Scalable vector graphics, for web pages and for editing.
    Svg,
    /// A bitmap, for slides and word processors.
    Png,
    /// For print.
    Pdf,
}

impl RenderFormat {
    /// The file extension (and Graphviz's `-T` name).
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            Self::Svg => "svg",
            Self::Png => "png",
            Self::Pdf => "pdf",
        }
    }
}

/// Who drew a rendered file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Renderer {
    /// Graphviz's `dot` program, with the engine named in the DOT.
    Graphviz,
    /// actorgraph's own small force-directed layout (SVG only), used when Graphviz is not installed.
    Builtin,
}

/// A rendered diagram.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Who drew it.
    pub renderer: Renderer,
}

const INSTALL: &str = "install Graphviz (Debian/Ubuntu: sudo apt-get install graphviz; Fedora: sudo dnf install \
                       graphviz; macOS: brew install graphviz; Windows: winget install graphviz) and run again";

/// Renders `dot` (the DOT text of `diagram`) to `format`.
///
/// Graphviz reads the layout engine from the DOT's `layout` attribute. When Graphviz's `dot` is not on the
/// `PATH`, SVG falls back to [`super::to_svg`] (check [`Rendered::renderer`] to tell the user).
///
/// # Errors
/// [`Error::Render`] when Graphviz is missing and `format` is PNG or PDF (saying how to install it), or when
/// Graphviz fails (with its message).
pub fn render(diagram: &Diagram, dot: &str, format: RenderFormat) -> Result<Rendered> {
    let graphviz_format = match format {
        RenderFormat::Svg => Format::Svg,
        RenderFormat::Png => Format::Png,
        RenderFormat::Pdf => Format::Pdf,
    };
    match graphviz_rust::exec_dot(dot.to_owned(), vec![graphviz_format.into()]) {
        Ok(bytes) => Ok(Rendered { bytes, renderer: Renderer::Graphviz }),
        Err(error) if error.kind() == ErrorKind::NotFound => match format {
            RenderFormat::Svg => Ok(Rendered { bytes: to_svg(diagram).into_bytes(), renderer: Renderer::Builtin }),
            _ => Err(Error::Render {
                message: format!(
                    "cannot make a {} file: Graphviz is not installed (its `dot` program is not on the PATH); \
                     {INSTALL}, or use --render svg, which works without it",
                    format.extension().to_uppercase()
                ),
            }),
        },
        Err(error) => Err(Error::Render {
            message: format!(
                "Graphviz could not render the diagram as {}: {}",
                format.extension().to_uppercase(),
                error.to_string().trim()
            ),
        }),
    }
}

/// The installed Graphviz's version line (`dot - graphviz version 2.43.0 (0)`), or `None` when `dot` is not
/// on the `PATH`.
#[must_use]
pub fn graphviz_version() -> Option<String> {
    let output = std::process::Command::new("dot").arg("-V").output().ok()?;
    // `dot -V` prints to stderr.
    let text = String::from_utf8_lossy(if output.stderr.is_empty() { &output.stdout } else { &output.stderr });
    Some(text.trim().to_owned())
}

/// What to tell a user whose Graphviz is missing, in one line.
#[must_use]
pub fn missing_graphviz_notice(path: &std::path::Path) -> String {
    format!(
        "note: Graphviz is not installed, so {} was drawn with actorgraph's simple built-in layout; for \
         report-quality diagrams {INSTALL}",
        path.display()
    )
}
