//! Writing a set of files (a plan's, an imported instance's) so that a run killed at any
//! moment leaves either the previous complete set or the new one, never a mix and never
//! a half-written file.
//!
//! The new set is written and synced in a fresh sibling folder, then put in place in one
//! step: renamed to the output folder when it does not exist yet, or exchanged with it
//! (Linux `renameat2(RENAME_EXCHANGE)`) when it holds nothing but files of the set; the
//! old set, now in the sibling folder, is then removed. An output folder that holds
//! other files too (`--out .`), or a system without the exchange, gets the files renamed
//! into it one by one: each file whole, the set not atomic.

use crate::domain::error::{Error, Result};
use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The files of one set, rendered in memory before anything touches the disk.
pub struct Rendered {
    pub files: Vec<(String, Vec<u8>)>,
}

/// Writes every file of `rendered` into `dir` (created if missing) as one set.
pub fn write_all(dir: &Path, rendered: &Rendered) -> Result<()> {
    let mut steps = Steps::from_env();
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    remove_stale_stages(&parent, dir);
    let staged = parent.join(staged_name(dir));
    std::fs::create_dir(&staged).map_err(|e| Error::io(&staged, e))?;
    steps.done();
    for (name, bytes) in &rendered.files {
        let path = staged.join(name);
        let write = || -> std::io::Result<()> {
            let mut file = std::fs::File::create(&path)?;
            file.write_all(bytes)?;
            file.sync_all()
        };
        if let Err(e) = write() {
            let _ = std::fs::remove_dir_all(&staged);
            return Err(Error::io(&path, e));
        }
        steps.done();
    }
    if !dir.exists() {
        std::fs::rename(&staged, dir).map_err(|e| Error::io(dir, e))?;
        steps.done();
        return Ok(());
    }
    if holds_only(dir, rendered) && exchange(&staged, dir).is_ok() {
        steps.done();
        // The old set is now in `staged`.
        let _ = std::fs::remove_dir_all(&staged);
        steps.done();
        return Ok(());
    }
    let mut moved = Ok(());
    for (name, _) in &rendered.files {
        let (from, to) = (staged.join(name), dir.join(name));
        moved = std::fs::rename(&from, &to).map_err(|e| Error::io(&to, e));
        if moved.is_err() {
            break;
        }
        steps.done();
    }
    let _ = std::fs::remove_dir_all(&staged);
    moved
}

/// `.NAME.rebook-PID`: the sibling folder the new set is written in.
fn staged_name(dir: &Path) -> OsString {
    let mut name = OsString::from(".");
    name.push(dir.file_name().unwrap_or(dir.as_os_str()));
    name.push(format!(".rebook-{}", std::process::id()));
    name
}

/// Removes the staging folders that runs killed while writing into `dir` left behind.
fn remove_stale_stages(parent: &Path, dir: &Path) {
    let mut prefix = staged_name(dir).to_string_lossy().into_owned();
    prefix.truncate(prefix.rfind('-').map_or(prefix.len(), |at| at + 1));
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether every entry of `dir` is a file of the set (so exchanging the folders loses
/// nothing of the user's).
fn holds_only(dir: &Path, rendered: &Rendered) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    entries.into_iter().all(|entry| {
        entry.is_ok_and(|entry| {
            let name = entry.file_name();
            entry.file_type().is_ok_and(|t| t.is_file())
                && rendered.files.iter().any(|(n, _)| name == n.as_str())
        })
    })
}

/// Exchanges two folders atomically.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let path = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))
    };
    let (a, b) = (path(a)?, path(b)?);
    // SAFETY: both are valid NUL-terminated paths that outlive the call.
    let done = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if done == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Without an atomic exchange the files are renamed one by one.
#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// For the test that kills a write at every step: `REBOOK_ABORT_AFTER_WRITE_STEP=N`
/// aborts the process (as a kill would: nothing cleaned up) once N steps are done.
struct Steps {
    done: usize,
    abort_after: Option<usize>,
}

impl Steps {
    fn from_env() -> Steps {
        let abort_after = std::env::var("REBOOK_ABORT_AFTER_WRITE_STEP")
            .ok()
            .and_then(|n| n.parse().ok());
        Steps {
            done: 0,
            abort_after,
        }
    }

    fn done(&mut self) {
        self.done += 1;
        if self.abort_after == Some(self.done) {
            std::process::abort();
        }
    }
}
