//! Writing files: the one place every writer's output goes through.
//!
//! - **A regular file** (or a name not yet taken) is written whole or not at all: the content goes to a hidden
//!   temporary file `.actorgraph-….tmp` in the same folder, which is renamed over the target only when
//!   complete. A symbolic link to a regular file keeps the link: the file it points to is replaced.
//! - **Anything that is not a regular file** — a terminal, `/dev/null`, `/dev/full`, a named pipe (FIFO) —
//!   is written through, as the shell's `>` would: it is never replaced by a file. `-`, `/dev/stdout` and
//!   `/proc/self/fd/1` mean the standard output the caller hands in. A folder, a disk device or a socket is
//!   refused with a message saying what it is.
//! - **Several files** ([`write_files`]) are all written into a temporary folder first; only when every one
//!   is complete are they moved into place (a rename each, which needs no space), so a full disk or a
//!   failing writer leaves every target as it was.
//! - **Interrupts**: every temporary file or folder is registered while it exists; [`remove_temporaries`]
//!   (called by the command line on Ctrl-C) deletes them, and [`sweep_stale_temporaries`] clears those an
//!   earlier killed run left in a folder (the snapshot cache calls it).

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use crate::error::{Error, Result};

/// The prefix and suffix of every temporary file or folder actorgraph writes.
pub const TEMP_PREFIX: &str = ".actorgraph-";
/// See [`TEMP_PREFIX`].
pub const TEMP_SUFFIX: &str = ".tmp";

/// Temporary files and folders that exist right now (removed on interrupt).
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn pending() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    // A panic while holding the lock leaves a list that is still a valid list.
    PENDING.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn register(path: &Path) {
    pending().push(path.to_owned());
}

fn unregister(path: &Path) {
    pending().retain(|p| p != path);
}

/// Deletes every temporary file and folder this process is writing. For an interrupt handler: the process
/// is about to end, and what it was writing must not stay behind.
pub fn remove_temporaries() {
    for path in pending().drain(..) {
        if path.is_dir() {
            let _ = std::fs::remove_dir_all(&path);
        } else {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// Deletes `.actorgraph-*.tmp` files and folders in `folder` older than `age`: what a run that was killed
/// (power cut, `kill -9`) left behind. Younger ones may belong to a run in progress and are kept. Returns
/// how many were removed; a folder that cannot be read removes nothing.
pub fn sweep_stale_temporaries(folder: &Path, age: Duration) -> usize {
    let Ok(entries) = std::fs::read_dir(folder) else { return 0 };
    let now = SystemTime::now();
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !(name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)) {
            continue;
        }
        let Ok(meta) = entry.path().symlink_metadata() else { continue };
        let old = meta.modified().ok().and_then(|m| now.duration_since(m).ok()).is_some_and(|d| d >= age);
        if !old {
            continue;
        }
        let gone =
            if meta.is_dir() { std::fs::remove_dir_all(entry.path()) } else { std::fs::remove_file(entry.path()) };
        removed += usize::from(gone.is_ok());
    }
    removed
}

/// How [`write_output`] delivered the content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// A regular file was written (created, or replaced atomically).
    File,
    /// A device or named pipe was written through.
    Through,
    /// The content went to the standard output handed in.
    Stdout,
}

/// Whether `path` names the standard output: `-`, `/dev/stdout`, `/dev/fd/1` or `/proc/self/fd/1`.
#[must_use]
pub fn is_stdout(path: &Path) -> bool {
    ["-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"].iter().any(|name| path == Path::new(name))
}

/// What is at a path, as far as writing to it goes.
enum Node {
    /// Nothing yet, or a regular file (at the path given or the path a link points to).
    Regular(PathBuf),
    /// Something to write through (terminal, null device, FIFO).
    Through,
}

fn refuse(path: &Path, message: String) -> Error {
    Error::Write { path: path.to_owned(), source: io::Error::other(message) }
}

fn classify(path: &Path) -> Result<Node> {
    let Ok(meta) = std::fs::metadata(path) else {
        // Nothing there (or a dangling link): a new file, created beside the name.
        return Ok(Node::Regular(path.to_owned()));
    };
    if meta.is_file() {
        // Follow a link so that the link stays and the file it points to is replaced.
        let is_link = path.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink());
        let real =
            if is_link { std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned()) } else { path.to_owned() };
        return Ok(Node::Regular(real));
    }
    if meta.is_dir() {
        return Err(refuse(path, "it is a folder; give a file name inside it".to_owned()));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = meta.file_type();
        if kind.is_block_device() {
            return Err(refuse(path, "it is a disk device, which actorgraph does not write to".to_owned()));
        }
        if kind.is_socket() {
            return Err(refuse(path, "it is a socket, which cannot be opened as a file".to_owned()));
        }
    }
    Ok(Node::Through)
}

/// Writes `write`'s output to `path`, whatever `path` is (see the [module documentation](self)): a regular
/// file atomically, a device or FIFO through, `-` or `/dev/stdout` into `stdout`.
///
/// # Errors
/// [`Error::Write`] naming the target: a folder, a disk device or a socket; `-` when `stdout` is `None`; a
/// folder that cannot be written; a full disk or a failing `write`. A regular file is then untouched.
///
/// ```
/// let folder = tempfile::tempdir().unwrap();
/// let path = folder.path().join("out.txt");
/// let mut stdout = Vec::new();
/// actorgraph::fs::write_output(&path, Some(&mut stdout), |w| w.write_all(b"hello")).unwrap();
/// assert_eq!(std::fs::read(&path).unwrap(), b"hello");
/// actorgraph::fs::write_output(std::path::Path::new("-"), Some(&mut stdout), |w| w.write_all(b"hi")).unwrap();
/// assert_eq!(stdout, b"hi");
/// ```
pub fn write_output(
    path: &Path,
    stdout: Option<&mut dyn Write>,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<Written> {
    let fail = |source| Error::Write { path: path.to_owned(), source };
    if is_stdout(path) {
        let Some(stdout) = stdout else {
            return Err(refuse(path, "standard output cannot take this output; give a file name".to_owned()));
        };
        write(stdout).map_err(fail)?;
        stdout.flush().map_err(fail)?;
        return Ok(Written::Stdout);
    }
    match classify(path)? {
        Node::Through => {
            let file = std::fs::OpenOptions::new().write(true).open(path).map_err(fail)?;
            let mut buffered = io::BufWriter::new(file);
            write(&mut buffered).map_err(fail)?;
            buffered.flush().map_err(fail)?;
            Ok(Written::Through)
        }
        Node::Regular(real) => {
            write_regular(path, &real, write)?;
            Ok(Written::File)
        }
    }
}

/// [`write_file`] under the name the rest of the code knows: a file complete or untouched.
///
/// # Errors
/// As [`write_output`].
pub fn write_atomic(path: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<()> {
    write_file(path, write)
}

/// [`write_output`] for callers that have no standard output to offer (`-` is refused).
///
/// # Errors
/// As [`write_output`].
pub fn write_file(path: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<()> {
    write_output(path, None, write).map(|_| ())
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Atomic write of a regular file `real` (`shown` is the path as the user gave it, for messages).
fn write_regular(shown: &Path, real: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<()> {
    let fail = |source| Error::Write { path: shown.to_owned(), source };
    let folder = folder_of(real);
    std::fs::create_dir_all(folder).map_err(fail)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    if let Some(permissions) = target_permissions(real) {
        builder.permissions(permissions);
    }
    let mut temp = builder.tempfile_in(folder).map_err(fail)?;
    let temp_path = temp.path().to_owned();
    register(&temp_path);
    let result = (|| {
        {
            let mut buffered = io::BufWriter::new(temp.as_file_mut());
            write(&mut buffered).map_err(fail)?;
            buffered.flush().map_err(fail)?;
        }
        temp.as_file().sync_all().map_err(fail)?;
        temp.persist(real).map_err(|e| fail(e.error))?;
        Ok(())
    })();
    unregister(&temp_path);
    result
}

/// A temporary file is private (0600); the file it becomes should be like any other the user writes (0666
/// less the umask), or keep the permissions of the file it replaces. Otherwise a Neo4j or web server running
/// as another user could not read an export.
fn target_permissions(path: &Path) -> Option<std::fs::Permissions> {
    if let Ok(meta) = std::fs::metadata(path) {
        return Some(meta.permissions());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Given to open(2)/mkdir(2), so the umask still applies.
        Some(std::fs::Permissions::from_mode(0o666))
    }
    #[cfg(not(unix))]
    None
}

/// Writes several files into `folder` (created when missing) all or nothing: each is written into a
/// temporary folder, and only when all are complete are they moved into place. When `folder` did not exist,
/// the temporary folder itself is renamed to it. Files in `folder` that are not named are left alone.
///
/// `write` is called once per name, in order, with the name and where to write its content.
///
/// # Errors
/// [`Error::Write`] naming the first file that cannot be written (a name that is a folder or a device there,
/// a full disk, a failing writer); every target is then as it was.
///
/// ```
/// let folder = tempfile::tempdir().unwrap();
/// let out = folder.path().join("export");
/// actorgraph::fs::write_files(&out, &["a.txt", "b.txt"], |name, w| write!(w, "{name}")).unwrap();
/// assert_eq!(std::fs::read_to_string(out.join("b.txt")).unwrap(), "b.txt");
/// ```
pub fn write_files(
    folder: &Path,
    names: &[&str],
    mut write: impl FnMut(&str, &mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    let fail = |path: &Path| {
        let path = path.to_owned();
        move |source| Error::Write { path, source }
    };
    if folder.exists() && !folder.is_dir() {
        return Err(refuse(folder, "it is a file; this output is a folder of files".to_owned()));
    }
    // Refuse before writing anything: a target that is a folder or a device cannot take a renamed file.
    for name in names {
        let target = folder.join(name);
        if let Ok(meta) = target.symlink_metadata() {
            if !meta.is_file() {
                return Err(refuse(&target, "it is not a regular file; move it away or write elsewhere".to_owned()));
            }
        }
    }
    let fresh = !folder.exists();
    let staging_parent = if fresh { folder_of(folder) } else { folder };
    std::fs::create_dir_all(staging_parent).map_err(fail(folder))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The folder may become the output folder itself: like any folder the user makes (umask applies).
        builder.permissions(std::fs::Permissions::from_mode(0o777));
    }
    let staging = builder.tempdir_in(staging_parent).map_err(fail(folder))?;
    let staging_path = staging.path().to_owned();
    register(&staging_path);
    let result = (|| {
        for name in names {
            let staged = staging_path.join(name);
            let file = std::fs::File::create(&staged).map_err(fail(&folder.join(name)))?;
            let mut buffered = io::BufWriter::new(file);
            write(name, &mut buffered).map_err(fail(&folder.join(name)))?;
            buffered.flush().map_err(fail(&folder.join(name)))?;
            let file = buffered.into_inner().map_err(|e| fail(&folder.join(name))(e.into_error()))?;
            file.sync_all().map_err(fail(&folder.join(name)))?;
            // A new file keeps the umask's permissions; a replaced one keeps its own.
            if let Ok(meta) = std::fs::metadata(folder.join(name)) {
                std::fs::set_permissions(&staged, meta.permissions()).map_err(fail(&folder.join(name)))?;
            }
        }
        if fresh {
            let staged = staging.keep();
            std::fs::rename(&staged, folder).map_err(fail(folder))?;
        } else {
            for name in names {
                std::fs::rename(staging_path.join(name), folder.join(name)).map_err(fail(&folder.join(name)))?;
            }
        }
        Ok(())
    })();
    unregister(&staging_path);
    if result.is_err() && staging_path.exists() {
        let _ = std::fs::remove_dir_all(&staging_path);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failing_writer_leaves_the_file_and_no_temporary() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("out.txt");
        std::fs::write(&path, "old").unwrap();
        let result = write_file(&path, |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("disk full"))
        });
        assert!(result.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(std::fs::read_dir(folder.path()).unwrap().count(), 1);
        // Other tests write files at the same time (the list is process-wide): none of this folder is left.
        assert!(!pending().iter().any(|p| p.starts_with(folder.path())));
    }

    #[test]
    fn several_files_are_all_or_nothing() {
        let folder = tempfile::tempdir().unwrap();
        std::fs::write(folder.path().join("a"), "old a").unwrap();
        std::fs::write(folder.path().join("b"), "old b").unwrap();
        let result = write_files(folder.path(), &["a", "b"], |name, w| {
            if name == "b" {
                return Err(io::Error::other("disk full"));
            }
            w.write_all(b"new")
        });
        assert!(result.is_err());
        assert_eq!(std::fs::read_to_string(folder.path().join("a")).unwrap(), "old a");
        assert_eq!(std::fs::read_dir(folder.path()).unwrap().count(), 2);
        write_files(folder.path(), &["a", "b"], |_, w| w.write_all(b"new")).unwrap();
        assert_eq!(std::fs::read_to_string(folder.path().join("b")).unwrap(), "new");
    }

    #[test]
    fn stale_temporaries_are_swept_and_fresh_ones_kept() {
        let folder = tempfile::tempdir().unwrap();
        std::fs::write(folder.path().join(".actorgraph-x.tmp"), "x").unwrap();
        std::fs::write(folder.path().join("keep.tmp"), "x").unwrap();
        assert_eq!(sweep_stale_temporaries(folder.path(), Duration::from_secs(3600)), 0);
        assert_eq!(sweep_stale_temporaries(folder.path(), Duration::ZERO), 1);
        assert!(folder.path().join("keep.tmp").exists());
    }
}
