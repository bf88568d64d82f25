//! `scan --fix` and `scan --diff`: applying the findings' fixes to a file's content, and
//! writing the result back into the same file safely.

use std::collections::BTreeMap;
use std::io;
use std::path::Path;

use gcore_auth::{Applicability, Code, Severity};

use super::baseline::Baseline;
use super::file::scan_bytes;
use super::finding::Finding;
use super::rewrite::{self, Refused};
use super::select::Selection;

/// How many rounds of fixing a file gets: a fix can uncover the next one (a pasted character
/// hides the scheme's fix until it is gone), and each round applies the fixes that do not
/// overlap.
pub const MAX_ROUNDS: usize = 100;

/// Files larger than this are not fixed (a fix reads and writes the whole file).
pub const MAX_FIX_BYTES: u64 = 16 << 20;

/// Which fixes to apply.
#[derive(Clone, Copy, Debug)]
pub struct Choice<'a> {
    /// Also the maybe-incorrect fixes (`--unsafe-fixes`).
    pub unsafe_fixes: bool,
    /// Only the fixes of findings at or above this severity (those the scan reports).
    pub min_severity: Severity,
    /// Not the fixes of findings this baseline accepts (`--baseline`): they are left as they
    /// are, like the findings allowed on their line.
    pub baseline: Option<&'a Baseline>,
    /// Only the fixes of the codes this selection reports (`select`, `ignore`), when set.
    pub selection: Option<&'a Selection>,
}

impl Choice<'_> {
    pub(crate) fn takes(&self, f: &Finding) -> bool {
        f.severity >= self.min_severity
            && self.selection.is_none_or(|s| s.takes(f))
            && f.fix.as_ref().is_some_and(|x| {
                self.unsafe_fixes || x.applicability == Applicability::MachineApplicable
            })
    }
}

/// A file's content after fixing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fixed {
    /// The fixed content.
    pub content: Vec<u8>,
    /// How many fixes were applied.
    pub applied: usize,
    /// True when nothing was left to fix (false when the rounds ran out, or a fix left that
    /// would add an error).
    pub settled: bool,
    /// True when [`MAX_ROUNDS`] rounds were not enough: fixes are left that another run
    /// would apply.
    pub ran_out: bool,
}

/// Applies the chosen fixes of `content`'s findings (as [`scan_bytes`] gives them for `path`)
/// until none is left, in at most [`MAX_ROUNDS`] rounds. Fixes whose edits overlap are not
/// applied together; a fix that would add an error of any code is not applied.
///
/// ```
/// use gcore_auth::Severity;
/// use gcore_auth_lint::scan::{Choice, fix_content};
///
/// let script = b"curl -H \"Authorization: Bearer 29841_c767e330ccb17b3f6f8b137ddda52a76d0\" https://api.gcore.com/iam/clients/me\n"; // gcore-auth-lint: allow
/// let choice = Choice { unsafe_fixes: false, min_severity: Severity::Warning, baseline: None, selection: None };
/// let fixed = fix_content("deploy.sh", script, choice);
/// assert_eq!(fixed.applied, 1);
/// assert!(fixed.content.starts_with(b"curl -H \"Authorization: APIKey 29841_"));
/// ```
pub fn fix_content(path: &str, content: &[u8], choice: Choice<'_>) -> Fixed {
    let mut cur = content.to_vec();
    let mut applied = 0;
    let mut findings = scan_bytes(path, &cur);
    let mut settled = false;
    let mut stopped = false;
    for _ in 0..MAX_ROUNDS {
        let before = errors(&findings);
        let chosen = choose(&findings, choice);
        if chosen.is_empty() {
            settled = true;
            break;
        }
        let next = apply(&cur, &chosen);
        let next_findings = scan_bytes(path, &next);
        if within(&errors(&next_findings), &before) {
            applied += chosen.len();
            cur = next;
            findings = next_findings;
            continue;
        }
        // Some fix adds an error: keep the ones that add none on their own, and apply those
        // together if together they add none either, else the first of them alone. The
        // others are offered again next round, and refused again.
        let good: Vec<Edits> = chosen
            .into_iter()
            .filter(|fix| {
                let next = apply(&cur, std::slice::from_ref(fix));
                within(&errors(&scan_bytes(path, &next)), &before)
            })
            .collect();
        if good.is_empty() {
            stopped = true;
            break;
        }
        let next = apply(&cur, &good);
        let next_findings = scan_bytes(path, &next);
        let (next, next_findings, n) = if within(&errors(&next_findings), &before) {
            (next, next_findings, good.len())
        } else {
            let next = apply(&cur, &good[..1]);
            let next_findings = scan_bytes(path, &next);
            (next, next_findings, 1)
        };
        applied += n;
        cur = next;
        findings = next_findings;
    }
    Fixed {
        content: cur,
        applied,
        settled,
        ran_out: !settled && !stopped,
    }
}

/// The edits of one fix: (start, end, text) in the file.
type Edits = Vec<(usize, usize, &'static str)>;

/// The chosen fixes that overlap no fix chosen before them, in file order.
fn choose(findings: &[Finding], choice: Choice<'_>) -> Vec<Edits> {
    let mut chosen: Vec<Edits> = Vec::new();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let left;
    let findings = match choice.baseline {
        Some(b) => {
            left = b.filter(findings.to_vec());
            &left[..]
        }
        None => findings,
    };
    for f in findings.iter().filter(|f| choice.takes(f)) {
        let Some(fix) = &f.fix else { continue };
        let edits: Edits = fix.edits.iter().map(|e| (e.start, e.end, e.text)).collect();
        let clash = edits
            .iter()
            .any(|&(s, e, _)| taken.iter().any(|&(ts, te)| clash(s, e, ts, te)));
        if clash {
            continue;
        }
        taken.extend(edits.iter().map(|&(s, e, _)| (s, e)));
        chosen.push(edits);
    }
    chosen
}

/// Two edits clash when they overlap, start at the same place, or one inserts where the other
/// ends (which goes first would be a guess).
fn clash(s: usize, e: usize, ts: usize, te: usize) -> bool {
    let overlap = s < te && ts < e;
    let same_start = s == ts;
    let insert_at_end = (s == e && s == te) || (ts == te && ts == e);
    overlap || same_start || insert_at_end
}

/// `content` with the edits of `fixes` applied (they do not overlap).
fn apply(content: &[u8], fixes: &[Edits]) -> Vec<u8> {
    let mut edits: Vec<_> = fixes.iter().flatten().copied().collect();
    edits.sort_by_key(|&(s, e, _)| (s, e));
    crate::edit::apply(content, edits.into_iter().map(|(s, e, t)| (s..e, t)))
}

/// The errors of each code, but for the tokens written into the file: a fix never changes a
/// secret, so it cannot add one; where one appears after a fix, the fix has made a hidden
/// token visible (`APIKey29841_…` is read as a token once the space is in).
fn errors(findings: &[Finding]) -> BTreeMap<Code, usize> {
    let mut m = BTreeMap::new();
    for f in findings
        .iter()
        .filter(|f| f.severity == Severity::Error && f.code != Code::HardcodedToken)
    {
        *m.entry(f.code).or_default() += 1;
    }
    m
}

/// True when `after` has no more errors of any code than `before`.
fn within(after: &BTreeMap<Code, usize>, before: &BTreeMap<Code, usize>) -> bool {
    after
        .iter()
        .all(|(code, n)| before.get(code).is_some_and(|b| n <= b))
}

/// What happened to one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    /// The file was rewritten with this many fixes. With `ran_out`, [`MAX_ROUNDS`] rounds
    /// were not enough: fixes are left that another run would apply.
    Fixed {
        /// How many fixes were applied.
        applied: usize,
        /// Whether the rounds ran out.
        ran_out: bool,
    },
    /// Nothing to fix.
    Unchanged,
    /// Not rewritten, for this reason.
    Refused(Refused),
}

/// Fixes the file at `path` in place (shown as `shown` in findings), as the file it is: the
/// same inode keeps its owner, group, mode, extended attributes, hard links and the
/// descriptors other processes hold (see [`rewrite`](super::rewrite) for how a crash is
/// survived). A symbolic link is followed and its target rewritten. A file that changed
/// while it was being fixed, that another process has locked, that is read-only or larger
/// than [`MAX_FIX_BYTES`] is left as it is, and the reason returned.
pub fn fix_file(path: &Path, shown: &str, choice: Choice<'_>) -> io::Result<Written> {
    let open = match rewrite::open(path, MAX_FIX_BYTES)? {
        Ok(open) => open,
        Err(why) => return Ok(Written::Refused(why)),
    };
    let fixed = fix_content(shown, &open.content, choice);
    if fixed.applied == 0 || fixed.content == open.content {
        return Ok(Written::Unchanged);
    }
    Ok(match open.replace(&fixed.content)? {
        Ok(()) => Written::Fixed {
            applied: fixed.applied,
            ran_out: fixed.ran_out,
        },
        Err(why) => Written::Refused(why),
    })
}
