//! Output that is not a regular file, and input that is not one: devices, named pipes, `-` and
//! `/dev/stdout` as `-o`; folders where files are expected; interrupted writes; pipes and devices as `--data`.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::harness::{dataset, run, run_in};

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

/// The `.actorgraph-*.tmp` files and folders in `folder`.
fn temporaries(folder: &Path) -> Vec<String> {
    std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(".actorgraph-") && n.ends_with(".tmp"))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo runs");
    assert!(status.success(), "mkfifo failed");
}

#[cfg(unix)]
fn is_fifo(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_fifo())
}

// Regression: `-o` onto a device replaced it with a regular file (as root, the real /dev/null). The link
// stands for the device, so a regression replaces the link, never /dev/null itself.
#[cfg(unix)]
#[test]
fn a_device_as_output_is_written_through_not_replaced() {
    let dir = temp();
    let null = dir.path().join("mynull");
    std::os::unix::fs::symlink("/dev/null", &null).expect("a link");
    for args in [vec!["dot", "-o"], vec!["export", "--to", "json", "-o"], vec!["export", "--to", "graphml", "-o"]] {
        let mut args: Vec<&str> = args;
        args.push(null.to_str().expect("utf-8 path"));
        run_in(dir.path(), &args).ok();
        let meta = std::fs::symlink_metadata(&null).expect("still there");
        assert!(meta.file_type().is_symlink(), "`{}` replaced the device link with a file", args.join(" "));
    }
    assert!(temporaries(dir.path()).is_empty());
}

#[cfg(unix)]
#[test]
fn a_full_device_fails_with_a_clear_message() {
    let dir = temp();
    let full = dir.path().join("myfull");
    std::os::unix::fs::symlink("/dev/full", &full).expect("a link");
    let result = run_in(dir.path(), ["export", "--to", "json", "-o", "myfull"]);
    result.code(2).stderr_has("cannot write 'myfull'");
    assert!(std::fs::symlink_metadata(&full).expect("there").file_type().is_symlink());
}

// Regression: `export --to graphml -o FIFO` with a reader waiting turned the pipe into a file; the reader got
// nothing.
#[cfg(unix)]
#[test]
fn a_named_pipe_as_output_is_written_through_to_its_reader() {
    let dir = temp();
    let fifo = dir.path().join("myfifo");
    mkfifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(&fifo).expect("the pipe reads"))
    };
    run(["export", "--to", "graphml", "-o", fifo.to_str().expect("utf-8")]).ok();
    let received = reader.join().expect("the reader ends");
    assert!(received.contains("<graphml"), "the reader got {} bytes, no GraphML", received.len());
    assert!(is_fifo(&fifo), "the pipe was replaced");
}

#[test]
fn dash_and_dev_stdout_mean_standard_output() {
    let dir = temp();
    for target in ["-", "/dev/stdout"] {
        let result = run_in(dir.path(), ["export", "--to", "json", "-o", target]);
        result.ok();
        assert_eq!(result.json()["format"], "actorgraph/1", "`-o {target}` did not write the dataset to stdout");
        let dot = run_in(dir.path(), ["dot", "-o", target]);
        dot.ok().stdout_has("digraph");
    }
    assert_eq!(std::fs::read_dir(dir.path()).expect("readable").count(), 0, "a file was created");
}

#[test]
fn a_folder_as_a_file_output_is_refused_before_writing() {
    let dir = temp();
    run_in(dir.path(), ["export", "--to", "json", "-o", "."]).code(2).stderr_has("it is a folder");
    run_in(dir.path(), ["dot", "-o", "."]).code(2).stderr_has("it is a folder");
}

// Regression: a multi-file write failing halfway left some files new and some old.
#[test]
fn a_folder_export_that_cannot_finish_changes_nothing() {
    let dir = temp();
    let out = dir.path().join("csv");
    run(["export", "--to", "csv", "-o", out.to_str().expect("utf-8")]).ok();
    let before: Vec<(String, Vec<u8>)> = {
        let mut files: Vec<_> = std::fs::read_dir(&out)
            .expect("written")
            .flatten()
            .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).expect("readable")))
            .collect();
        files.sort();
        files
    };
    // One of the targets is now a folder: the export must refuse before touching the others.
    let (victim, _) = &before[before.len() - 1];
    std::fs::remove_file(out.join(victim)).expect("removable");
    std::fs::create_dir(out.join(victim)).expect("a folder in its place");
    run(["export", "--to", "csv", "--kind", "supports", "-o", out.to_str().expect("utf-8")])
        .code(2)
        .stderr_has("not a regular file");
    for (name, bytes) in &before[..before.len() - 1] {
        assert_eq!(&std::fs::read(out.join(name)).expect("still there"), bytes, "{name} was changed");
    }
    assert!(temporaries(&out).is_empty(), "temporaries left: {:?}", temporaries(&out));
}

// Regression: Ctrl-C during a write left a full-size hidden temporary beside the target.
#[cfg(unix)]
#[test]
fn an_interrupted_write_leaves_no_temporary() {
    let dir = temp();
    // Few records, long notes: the load is quick and the export writes 90 MB, time enough to interrupt it.
    let data = dir.path().join("notes.json");
    let note = "x".repeat(150_000);
    let relations: Vec<String> = (0..600)
        .map(|i| format!(r#"{{"id": "r{i}", "from": "a", "to": "b", "kind": "supports", "note": "{note}"}}"#))
        .collect();
    let document = format!(
        r#"{{"format": "actorgraph/1", "actors": [{{"id": "a"}}, {{"id": "b"}}], "relations": [{}]}}"#,
        relations.join(",")
    );
    std::fs::write(&data, document).expect("the dataset");
    let out = dir.path().join("out");
    std::fs::create_dir(&out).expect("an output folder");
    let target = out.join("big.json");
    let mut child = Command::new(env!("CARGO_BIN_EXE_actorgraph"))
        .args(["--quiet", "--no-cache", "--data"])
        .arg(&data)
        .args(["export", "--to", "json", "-o"])
        .arg(&target)
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("starts");
    // Wait until the temporary exists, then interrupt. The load may be slow on a busy machine: wait as long
    // as it takes (up to five minutes), and fail if the export ends before it was seen writing.
    let started = std::time::Instant::now();
    while temporaries(&out).is_empty() && started.elapsed() < Duration::from_secs(300) {
        if let Some(status) = child.try_wait().expect("waitable") {
            panic!("the export ended ({status}) before it was seen writing its temporary");
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    assert_eq!(temporaries(&out).len(), 1, "the export was not seen writing its temporary");
    let _ = Command::new("kill").args(["-INT", &child.id().to_string()]).status();
    let status = child.wait().expect("ends");
    assert!(temporaries(&out).is_empty(), "left behind: {:?}", temporaries(&out));
    assert_eq!(status.code(), Some(130), "Ctrl-C ends with 128 + SIGINT");
    assert!(!target.exists(), "an interrupted write produced the target");
}

#[test]
fn stale_temporaries_in_the_cache_are_swept() {
    let cache = temp();
    let folder = cache.path().join("actorgraph");
    std::fs::create_dir_all(&folder).expect("a cache folder");
    let stale = folder.join(".actorgraph-killed.tmp");
    let fresh = folder.join(".actorgraph-running.tmp");
    for path in [&stale, &fresh] {
        std::fs::write(path, "half a snapshot").expect("writable");
    }
    let old = std::time::SystemTime::now() - Duration::from_secs(2 * 24 * 3600);
    std::fs::File::options().write(true).open(&stale).expect("open").set_modified(old).expect("dated");
    let data = cache.path().join("data.json");
    std::fs::copy(dataset(), &data).expect("a copy of the dataset");
    let output = Command::new(env!("CARGO_BIN_EXE_actorgraph"))
        .args(["stats", "--data"])
        .arg(&data)
        .env("XDG_CACHE_HOME", cache.path())
        .output()
        .expect("runs");
    assert!(output.status.success());
    assert!(!stale.exists(), "a day-old temporary is still in the cache");
    assert!(fresh.exists(), "a fresh temporary (maybe another run's) was removed");
}

// Regression: `--data` on a FIFO waited for ever, on /dev/zero it read until memory ran out.
#[cfg(unix)]
#[test]
fn pipes_and_devices_as_data_are_refused() {
    let dir = temp();
    let fifo = dir.path().join("data.json");
    mkfifo(&fifo);
    run(["stats", "--data", fifo.to_str().expect("utf-8")]).code(2).stderr_has("named pipe");
    run(["stats", "--data", "/dev/zero"]).code(2).stderr_has("device");
    // In a folder, a pipe is noted and left, the rest loads.
    std::fs::copy(dataset(), dir.path().join("real.json")).expect("copied");
    run(["stats", "--data", dir.path().to_str().expect("utf-8")]).ok();
}

// Regression: a UTF-16 GraphML without a byte-order mark put raw NUL bytes into the error message.
#[test]
fn error_messages_carry_no_control_characters() {
    let dir = temp();
    let path = dir.path().join("utf16.graphml");
    let text = "<graphml><graph><node id=\"a\"/></graph></graphml>";
    let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    std::fs::write(&path, bytes).expect("writable");
    let result = run(["stats", "--data", path.to_str().expect("utf-8")]);
    result.code(2);
    assert!(!result.stderr.chars().any(|c| c.is_control() && c != '\n'), "control characters in: {:?}", result.stderr);
}
