//! Timing, CPU time and peak memory of the running process.

use std::time::Instant;

/// Runs `f` `repeat` times (at least once) and returns each run's milliseconds and the last answer.
///
/// # Errors
/// The first error `f` returns.
pub fn time<T, E>(repeat: usize, mut f: impl FnMut() -> Result<T, E>) -> Result<(Vec<f64>, T), E> {
    let mut times = Vec::with_capacity(repeat.max(1));
    let start = Instant::now();
    let mut last = f()?;
    times.push(start.elapsed().as_secs_f64() * 1000.0);
    for _ in 1..repeat {
        let start = Instant::now();
        last = f()?;
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    Ok((times, last))
}

/// The median of some timings (the mean of the middle two for an even count; 0 for none).
#[must_use]
pub fn median(times: &[f64]) -> f64 {
    let mut sorted = times.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// CPU time (user + system) this process has used so far, in milliseconds (Linux `/proc/self/stat`, in
/// ticks of 10 ms), or `None` where `/proc` does not tell. Unlike wall time, it does not grow when other
/// programs compete for the cores.
#[must_use]
pub fn cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may contain spaces) start with the state, field 3.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    #[allow(clippy::cast_precision_loss)] // ticks fit in f64 for any process lifetime
    Some(ticks as f64 * 10.0)
}

/// The process's peak resident memory in bytes (Linux `VmHWM`), or `None` where `/proc` does not tell.
#[must_use]
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.trim_start_matches("VmHWM:").trim().trim_end_matches("kB").trim().parse().ok()?;
    Some(kib * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert!((median(&[3.0, 1.0, 2.0]) - 2.0).abs() < 1e-12);
        assert!((median(&[4.0, 1.0, 2.0, 3.0]) - 2.5).abs() < 1e-12);
        assert!(median(&[]).abs() < 1e-12);
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn peak_memory_and_cpu_time_are_known_on_linux() {
        assert!(peak_rss_bytes().unwrap() > 1024 * 1024);
        let before = cpu_ms().unwrap();
        let mut x = 0u64;
        for i in 0..30_000_000u64 {
            x = x.wrapping_mul(31).wrapping_add(i);
        }
        assert!(std::hint::black_box(x) != 1);
        assert!(cpu_ms().unwrap() >= before);
    }

    #[test]
    fn time_runs_at_least_once_and_keeps_the_last_answer() {
        let mut n = 0;
        let (times, last) = time(0, || {
            Ok::<_, ()>({
                n += 1;
                n
            })
        })
        .unwrap();
        assert_eq!((times.len(), last), (1, 1));
        let (times, last) = time(3, || {
            Ok::<_, ()>({
                n += 1;
                n
            })
        })
        .unwrap();
        assert_eq!((times.len(), last), (3, 4));
    }
}
