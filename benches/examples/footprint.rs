//! The core's footprint on the stack: how large a `Report` is, and the peak stack a call to
//! `gcore_auth::check_input` uses over inputs that take every path of the check (the fast
//! path, a header line, the cleaned view of pasted characters, a JWT, many diagnoses, an
//! empty value, a very long one). Its flash footprint is measured by `.ci/footprint` on a
//! Cortex-M binary (`footprint/thumb`).
//!
//! `cargo run --release -p gcore-auth-benches --example footprint [-- --check]`
//!
//! The stack is measured by painting: a frame of known size is filled with a pattern and
//! left, the check runs over it, and the deepest byte that no longer holds the pattern is
//! as deep as the check went. The figure is what a call costs below its caller's frame,
//! the `Report` it returns into included. A calibration call whose frame holds a 4096-byte
//! array goes through the same measuring frame and checks the method on every run. With
//! `--check` the exit status is 1 when a figure is over its target (or the calibration is
//! off); without it the figures are only reported.

use std::hint::black_box;
use std::mem::size_of;
use std::process::ExitCode;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use gcore_auth::{Code, Report};

/// Target for `size_of::<Report>()`, in bytes.
const REPORT_TARGET: usize = 256;
/// Target for the peak stack of `check_input`, in bytes.
const STACK_TARGET: usize = 2048;

/// Bytes painted below the measuring frame: the deepest call that can be measured.
const PAINT: usize = 64 * 1024;
/// Two patterns, so that a byte the check happens to leave equal to one of them does not
/// hide the depth it reached.
const PATTERNS: [u8; 2] = [0xa5, 0x5a];
/// The stack of the measuring thread: the painted region and the frames above it.
const THREAD_STACK: usize = 1024 * 1024;

/// The local array of the calibration call.
const CALIBRATION: usize = 4096;
/// How far above the array the calibration may measure: the measuring frame below its
/// marker, return addresses, saved registers, alignment.
const CALIBRATION_SLACK: usize = 512;

/// A 128-character lowercase hex secret (random, never a real token).
const SECRET: &str = "e330ccb17b3f6f8b137ddda52a76d045cc89778fb61672223b30c09cba517366\
                      cdcf1ba1cde11df51cf198d4af1124d30269bfb42bc7ec02e5f2a25212efcef3";

/// Fills `PAINT` bytes of its own frame with `pattern` and returns the lowest address of
/// them. Called from [`measure`], its frame lies right below the measuring frame, where the
/// measured call's frames will be.
#[inline(never)]
fn paint(pattern: u8) -> usize {
    let mut region = [pattern; PAINT];
    // The region is seen as read and written, so every byte of it is stored.
    black_box(&mut region);
    region.as_ptr().expose_provenance()
}

/// The peak stack of `call(input)`, in bytes below a local of this frame, and whether the
/// call reached the bottom of the painted region (it may then have gone deeper still).
#[inline(never)]
fn measure(call: fn(&[u8]) -> usize, input: &[u8], pattern: u8) -> (usize, bool) {
    let marker = 0u8;
    let top = black_box(&marker as *const u8).addr();
    let low = paint(pattern);
    black_box(black_box(call)(black_box(input)));
    let low = std::ptr::with_exposed_provenance::<u8>(low);
    // The first byte from the bottom that no longer holds the pattern. No call is made
    // between the measured call and this loop, so nothing else has written below this frame.
    let mut depth = PAINT;
    for i in 0..PAINT {
        // SAFETY: not sound in the abstract machine, sound enough on a real stack: `low..low
        // + PAINT` is the dead frame of `paint`, still mapped memory of this thread's stack
        // (the thread was spawned with room for it), holding plain bytes. It is only read,
        // through a raw pointer whose address `paint` exposed, with volatile reads, so the
        // compiler neither assumes the bytes unchanged nor drops the reads.
        let byte = unsafe { std::ptr::read_volatile(low.add(i)) };
        if byte != pattern {
            depth = i;
            break;
        }
    }
    (top - (low.addr() + depth), depth == 0)
}

/// The peak over both patterns, and whether the whole painted region was used.
fn peak(call: fn(&[u8]) -> usize, input: &[u8]) -> (usize, bool) {
    PATTERNS
        .iter()
        .map(|&p| measure(call, input, p))
        .fold((0, false), |(a, x), (b, y)| (a.max(b), x || y))
}

/// What is measured: `check_input` and the report it returns into, kept alive and read. A
/// frame of its own, so that the check and the calibration are measured from one measuring
/// frame, the one the calibration vouches for.
#[inline(never)]
fn check(input: &[u8]) -> usize {
    let report = black_box(gcore_auth::check_input)(input);
    black_box(&report);
    usize::from(report.is_accepted())
}

/// The calibration: a frame holding a `CALIBRATION`-byte array that is written.
#[inline(never)]
fn calibration(input: &[u8]) -> usize {
    let mut local = [0u8; CALIBRATION];
    black_box(&mut local);
    input.len() + usize::from(local[0])
}

/// The names of the codes a report names.
fn codes(report: &Report<'_>) -> Vec<&'static str> {
    Code::ALL
        .iter()
        .filter(|&&c| report.has(c))
        .map(|c| c.as_str())
        .collect()
}

fn permanent() -> String {
    format!("29841_{SECRET}")
}

/// An `APIKey` value of `len` bytes, its token's secret long enough to reach it, with
/// `inserted` pasted in the middle of the secret.
fn pasted(inserted: &[u8], len: usize) -> Vec<u8> {
    let mut value = b"APIKey 29841_".to_vec();
    let secret = len.saturating_sub(value.len() + inserted.len());
    let middle = value.len() + secret / 2;
    value.extend(SECRET.bytes().cycle().take(secret));
    value.splice(middle..middle, inserted.iter().copied());
    value
}

/// A real-looking access JWT of about 1,500 bytes (HS256, expiring in 2030, filler claims).
fn jwt() -> String {
    let header = r#"{"alg":"HS256","typ":"JWT"}"#;
    let mut payload = String::from(
        r#"{"token_type":"access","exp":1900000000,"iat":1899996400,"jti":"5c1e8f0a9b2d4c6e8f0a1b2c3d4e5f60","user_id":29841,"user_type":"common","client_id":70251,"username":"deploy-bot@example.com","rules":["#,
    );
    let mut n = 0;
    while payload.len() < 1040 {
        if n > 0 {
            payload.push(',');
        }
        payload.push_str(&format!(r#""cdn.resources.{n:02}.read""#));
        n += 1;
    }
    payload.push_str("]}");
    let signature = [0x5au8; 32];
    format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(&payload),
        URL_SAFE_NO_PAD.encode(signature)
    )
}

/// `jwt` with its payload cut in half: three parts whose header is a JWT's, whose payload
/// is not a whole JSON object.
fn malformed_jwt(jwt: &str) -> Vec<u8> {
    let parts: Vec<&str> = jwt.split('.').collect();
    let payload = &parts[1][..parts[1].len() / 2];
    format!("Bearer {}.{payload}.{}", parts[0], parts[2]).into_bytes()
}

/// The inputs, each named: every path of the check.
fn inputs() -> Vec<(String, Vec<u8>)> {
    let mut inputs: Vec<(String, Vec<u8>)> = vec![
        (
            "valid".into(),
            format!("APIKey {}", permanent()).into_bytes(),
        ),
        (
            "line-bearer-permanent".into(),
            format!("Authorization: Bearer {}", permanent()).into_bytes(),
        ),
    ];
    let pastes: [(&str, &[u8]); 7] = [
        ("nbsp", "\u{a0}".as_bytes()),
        ("zwsp", "\u{200b}".as_bytes()),
        ("smart-quotes", "\u{201c}\u{201d}".as_bytes()),
        ("ellipsis", "\u{2026}".as_bytes()),
        ("control", b"\x01"),
        ("invalid-utf8", b"\xff\xfe"),
        (
            "all-pasted",
            "\u{a0}\u{200b}\u{201c}\u{2026}\x01\u{201d}\u{a0}".as_bytes(),
        ),
    ];
    for len in [150, 900] {
        for (name, inserted) in pastes {
            inputs.push((format!("{name}-{len}"), pasted(inserted, len)));
        }
    }
    let jwt = jwt();
    inputs.push(("bearer-jwt".into(), format!("Bearer {jwt}").into_bytes()));
    inputs.push(("bearer-jwt-malformed".into(), malformed_jwt(&jwt)));
    // Smart quotes around it all, a misspelled scheme, a tab and a no-break space before a
    // `$`-format token with a short secret and a zero-width space, a variable, CRLF.
    inputs.push((
        "many-diagnoses".into(),
        format!(
            "\u{201c}Apikei\t\u{a0}29841${}\u{200b} $GCORE_API_KEY\u{201d} \r\n",
            &SECRET[..40]
        )
        .into_bytes(),
    ));
    inputs.push(("empty".into(), Vec::new()));
    let mut long = format!("APIKey {}", permanent()).into_bytes();
    while long.len() < 64 * 1024 {
        long.push(SECRET.as_bytes()[long.len() % SECRET.len()]);
    }
    inputs.push(("64-kib".into(), long));
    inputs
}

/// One figure against its target; the message names it when it is over.
fn over(name: &str, value: usize, target: usize, overs: &mut Vec<String>) -> &'static str {
    if value <= target {
        "ok"
    } else {
        overs.push(format!(
            "{name} is {value} bytes, over its target of {target}"
        ));
        "OVER"
    }
}

fn run(check_figures: bool) -> ExitCode {
    let mut overs = Vec::new();
    let report_size = size_of::<Report<'_>>();
    let build = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    println!(
        "Peak stack of one call to gcore_auth::check_input ({} {build} build), in bytes below",
        std::env::consts::ARCH
    );
    println!("the calling frame, the {report_size}-byte Report it returns into included:");
    println!();
    println!("{:<22} {:>6} {:>6}  report", "input", "bytes", "stack");
    let mut max = 0;
    for (name, input) in inputs() {
        let (stack, overflowed) = peak(check, &input);
        if overflowed {
            overs.push(format!(
                "{name}: the check used all {PAINT} painted bytes of stack, maybe more"
            ));
        }
        max = max.max(stack);
        let report = gcore_auth::check_input(&input);
        let verdict = if report.is_accepted() {
            "accepted"
        } else {
            "rejected"
        };
        let names = codes(&report);
        println!(
            "{name:<22} {:>6} {:>5}{} {verdict}{}{}",
            input.len(),
            stack,
            if overflowed { "+" } else { " " },
            if names.is_empty() { "" } else { ": " },
            names.join(" ")
        );
    }
    let status = over("peak stack", max, STACK_TARGET, &mut overs);
    println!(
        "{:<22} {:>6} {max:>5}   target {STACK_TARGET}: {status}",
        "max", ""
    );

    let (measured, _) = peak(calibration, b"");
    let expected = CALIBRATION..CALIBRATION + CALIBRATION_SLACK;
    let calibrated = expected.contains(&measured);
    println!(
        "{:<22} {:>6} {measured:>5}   a {CALIBRATION}-byte local, expected {}..{}: {}",
        "calibration",
        "",
        expected.start,
        expected.end,
        if calibrated { "ok" } else { "OFF" }
    );
    if !calibrated {
        overs.push(format!(
            "the calibration measured {measured} bytes, not {}..{}: the stack figures are not \
             to be trusted",
            expected.start, expected.end
        ));
    }

    println!();
    let status = over(
        "size_of::<Report>()",
        report_size,
        REPORT_TARGET,
        &mut overs,
    );
    println!("size_of::<Report>() = {report_size} bytes, target {REPORT_TARGET}: {status}");

    if check_figures && !overs.is_empty() {
        for o in &overs {
            eprintln!("footprint: {o}");
        }
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

fn main() -> ExitCode {
    let mut check_figures = false;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--check" => check_figures = true,
            _ => {
                eprintln!("usage: footprint [--check]");
                return ExitCode::from(2);
            }
        }
    }
    if check_figures && cfg!(debug_assertions) {
        eprintln!("footprint: --check compares release figures: run it with --release");
        return ExitCode::from(2);
    }
    // A thread of its own, so the stack below the measuring frame is known to be there.
    let measurer = std::thread::Builder::new()
        .name("footprint".into())
        .stack_size(THREAD_STACK)
        .spawn(move || run(check_figures));
    match measurer.map(|t| t.join()) {
        Ok(Ok(code)) => code,
        Ok(Err(_)) => ExitCode::from(2),
        Err(e) => {
            eprintln!("footprint: cannot start the measuring thread: {e}");
            ExitCode::from(2)
        }
    }
}
