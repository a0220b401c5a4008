//! placeholder
use crate::load::ParsedFile;
pub(crate) fn looks_like(_head: &str) -> bool { false }
pub(crate) fn parse(_file: &mut ParsedFile, _text: &str) {}
