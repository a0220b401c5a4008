//! Reading a page of actors or relations from the snapshot file when a query first asks for one of its
//! records: the pages were all checked when the snapshot was opened, and each is checked against its hash
//! again as it is read.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::PathBuf;
use std::sync::Mutex;

use twox_hash::XxHash3_64;

use crate::diagnostic::Diagnostic;
use crate::model::{Actor, PageReader, Relation};

use super::decode::{actor_page, warning_page, PageAt};
use super::relations::{relation_page, Counts};
use super::Miss;

/// The open snapshot file and where its pages are.
pub(super) struct Pages {
    /// Kept open: a snapshot written meanwhile replaces the file by a rename, so this one still reads the
    /// bytes that were checked.
    file: Mutex<File>,
    path: PathBuf,
    at: Vec<PageAt>,
}

impl Pages {
    pub(super) fn new(file: File, path: PathBuf, at: Vec<PageAt>) -> Self {
        Self { file: Mutex::new(file), path, at }
    }

    /// The bytes of page `page`, as they were checked when the snapshot was opened.
    fn read(&self, page: usize) -> Result<Vec<u8>, Miss> {
        let at = self.at.get(page).ok_or(Miss::Corrupt)?;
        let mut bytes = vec![0u8; at.len];
        let mut file = self.file.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        file.seek(SeekFrom::Start(at.offset)).map_err(|_| Miss::Corrupt)?;
        file.read_exact(&mut bytes).map_err(|_| Miss::Corrupt)?;
        if XxHash3_64::oneshot(&bytes) != at.hash {
            return Err(Miss::Corrupt);
        }
        Ok(bytes)
    }

    /// Only another program writing into the cache file while this one runs (or a failing disk) can bring
    /// this about: every page was read and checked once already.
    fn changed(&self) -> ! {
        panic!(
            "the snapshot cache file {} changed or could not be read while it was in use; run the command \
             again (the cache is rebuilt when it does not match)",
            self.path.display()
        )
    }
}

/// The actors' pages.
pub(super) struct ActorPages(pub(super) Pages);

impl PageReader<Actor> for ActorPages {
    fn page(&self, page: usize) -> Vec<Actor> {
        match self.0.read(page).and_then(|bytes| actor_page(&bytes)) {
            Ok(actors) => actors,
            Err(_) => self.0.changed(),
        }
    }
}

/// The relations' pages.
pub(super) struct RelationPages(pub(super) Pages, pub(super) Counts);

impl PageReader<Relation> for RelationPages {
    fn page(&self, page: usize) -> Vec<Relation> {
        match self.0.read(page).and_then(|bytes| relation_page(&bytes, self.1, true)) {
            Ok(relations) => relations,
            Err(_) => self.0.changed(),
        }
    }
}

/// The warnings' pages.
pub(super) struct WarningPages(pub(super) Pages);

impl PageReader<Diagnostic> for WarningPages {
    fn page(&self, page: usize) -> Vec<Diagnostic> {
        match self.0.read(page).and_then(|bytes| warning_page(&bytes, true)) {
            Ok(warnings) => warnings,
            Err(_) => self.0.changed(),
        }
    }
}
