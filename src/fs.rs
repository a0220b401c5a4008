//! Files: writes that are complete or absent.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Writes a file so that it is either wholly written or not changed at all: the content goes to a temporary
/// file in the same folder, which is renamed over the target only when complete.
///
/// # Errors
/// [`Error::Write`] naming the target when the folder is not writable, the disk is full, or `write` fails;
/// the target is then untouched.
pub fn write_atomic(path: &Path, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let fail = |source| Error::Write { path: path.to_owned(), source };
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(folder).map_err(fail)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".actorgraph-").suffix(".tmp");
    // A temporary file is private (0600); the file it becomes should be like any other the user writes
    // (0666 less the umask), or keep the permissions of the file it replaces. Otherwise a Neo4j or web
    // server running as another user could not read an export.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let permissions =
            std::fs::metadata(path).map_or_else(|_| std::fs::Permissions::from_mode(0o666), |m| m.permissions());
        builder.permissions(permissions);
    }
    let mut temp = builder.tempfile_in(folder).map_err(fail)?;
    {
        let mut buffered = std::io::BufWriter::new(temp.as_file_mut());
        write(&mut buffered).map_err(fail)?;
        buffered.flush().map_err(fail)?;
    }
    temp.as_file().sync_all().map_err(fail)?;
    temp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}
