//! Validation findings, each pinned to a file, a line and column where the format allows, and a field.

use std::fmt;

use serde::Serialize;

/// How serious a finding is: errors stop every command but `validate`; warnings are only reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The dataset cannot be used until this is fixed.
    Error,
    /// Worth a look; the dataset still loads.
    Warning,
}

/// One problem found in the input.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, as given on the command line.
    pub file: String,
    /// 1-based line, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column (in characters), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// What the problem is in: `relation 'r5'`, `actor #3`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The field at fault (`to`, `date`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// What is wrong.
    pub message: String,
    /// What to do about it (a did-you-mean, the expected shape).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The advice of `help` as a value, when it is to change how the data is loaded: `help` then holds
    /// [`Remedy::describe`], and a front end may say it in its own words (the command line names its flag).
    #[serde(skip)]
    pub remedy: Option<Remedy>,
}

/// Advice that a change to how the data is loaded would fix a finding. The library says it in words
/// ([`Remedy::describe`]); each front end may name its own way to make the change (the command line, its
/// flag), so the library never names a flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Remedy {
    /// Name the file's format instead of letting it be recognised by its contents.
    NameInputFormat,
    /// Say which GraphML attribute holds the confidence (the GraphML attribute mapping).
    MapGraphmlConfidence,
    /// Load the actors file along with the relations file.
    LoadActorsToo,
}

impl Remedy {
    /// The advice in words, for programs that use the library.
    ///
    /// ```
    /// use actorgraph::diagnostic::Remedy;
    /// assert!(!Remedy::LoadActorsToo.describe().contains("--"));
    /// ```
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Self::NameInputFormat => "name the file's own format, or export a bundle from your platform",
            Self::MapGraphmlConfidence => {
                "to read another attribute as confidence, map it to the field `confidence` in the GraphML \
                 attribute mapping"
            }
            Self::LoadActorsToo => {
                "no actors are loaded at all: load the actors file too (with the relations file, or give the \
                 folder that holds both)"
            }
        }
    }
}

impl Diagnostic {
    /// A finding about a whole file (no line, column, subject or field), without advice.
    ///
    /// ```
    /// use actorgraph::diagnostic::{Diagnostic, Severity};
    /// let d = Diagnostic::about_file(Severity::Warning, "notes.txt", "not loaded".to_owned());
    /// assert_eq!(d.to_string(), "warning: notes.txt: not loaded");
    /// ```
    #[must_use]
    pub fn about_file(severity: Severity, file: impl Into<String>, message: String) -> Self {
        Self {
            severity,
            file: file.into(),
            line: None,
            column: None,
            subject: None,
            field: None,
            message,
            help: None,
            remedy: None,
        }
    }

    /// Whether this finding stops commands other than `validate`.
    #[must_use]
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Texts longer than this many characters are shortened in findings.
const LONGEST_TEXT: usize = 400;

impl Diagnostic {
    /// Shortens very long texts to their start and end, so that one absurd value (a 10 MB "date") cannot
    /// flood the terminal: the start shows the value, the end keeps the advice that follows it.
    pub fn bound(&mut self) {
        fn bound(text: &mut String) {
            if text.len() <= LONGEST_TEXT {
                return;
            }
            let count = text.chars().count();
            if count <= LONGEST_TEXT {
                return;
            }
            let (head, tail) = (LONGEST_TEXT / 2, LONGEST_TEXT * 3 / 8);
            let start: String = text.chars().take(head).collect();
            let end: String = text.chars().skip(count - tail).collect();
            *text = format!("{start} … [{} characters left out] … {end}", count - head - tail);
        }
        bound(&mut self.message);
        for text in [&mut self.subject, &mut self.field, &mut self.help].into_iter().flatten() {
            bound(text);
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{label}: {}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        f.write_str(": ")?;
        match (&self.subject, &self.field) {
            (Some(subject), Some(field)) => write!(f, "{subject}, field `{field}`: ")?,
            (Some(subject), None) => write!(f, "{subject}: ")?,
            (None, Some(field)) => write!(f, "field `{field}`: ")?,
            (None, None) => {}
        }
        f.write_str(&self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}
