//! Partial dates: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
//!
//! Reporting is often only precise to the month or year ("in 2011", "early December"), and no common date
//! crate parses such values, so a partial date is its own small type. It stands for an *interval*: `2024`
//! covers 2024-01-01 to 2024-12-31, and comparisons between partial dates compare those intervals.

use std::cmp::Ordering;
use std::fmt;

/// A calendar date known to the year, the month or the day.
///
/// Ordering sorts by the first day covered, then by precision (a year sorts before its months, a month
/// before its days), so a timeline reads from the coarse to the precise.
///
/// ```
/// use actorgraph::PartialDate;
/// let year: PartialDate = "2024".parse().unwrap();
/// let day: PartialDate = "2024-12-02".parse().unwrap();
/// assert!(year.covers(&day));
/// assert_eq!(day.to_string(), "2024-12-02");
/// assert!("2024-13-45".parse::<PartialDate>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    year: i32,
    month: Option<u8>,
    day: Option<u8>,
}

/// Why a text is not a partial date; the message is written for an analyst.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError(pub String);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DateError {}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(year) => 29,
        _ => 28,
    }
}

impl PartialDate {
    /// A date known to the day. Returns `None` for an impossible date.
    #[must_use]
    pub fn ymd(year: i32, month: u8, day: u8) -> Option<Self> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)).then_some(Self {
            year,
            month: Some(month),
            day: Some(day),
        })
    }

    /// A date from its parts, as [`PartialDate::parts`] gives them; `None` when they do not make a date.
    #[must_use]
    pub fn from_parts(year: i32, month: Option<u8>, day: Option<u8>) -> Option<Self> {
        match (month, day) {
            (None, None) => Some(Self { year, month: None, day: None }),
            (Some(m), None) => (1..=12).contains(&m).then_some(Self { year, month, day: None }),
            (Some(m), Some(d)) => Self::ymd(year, m, d),
            (None, Some(_)) => None,
        }
    }

    /// The year, month and day as known.
    #[must_use]
    pub fn parts(&self) -> (i32, Option<u8>, Option<u8>) {
        (self.year, self.month, self.day)
    }

    /// The year.
    #[must_use]
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The first day the date covers, as `(year, month, day)`.
    #[must_use]
    pub fn start(&self) -> (i32, u8, u8) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The last day the date covers, as `(year, month, day)`.
    #[must_use]
    pub fn end(&self) -> (i32, u8, u8) {
        let month = self.month.unwrap_or(12);
        let day = self.day.unwrap_or_else(|| days_in_month(self.year, month));
        (self.year, month, day)
    }

    /// Whether every day of `other` lies within this date (`2024` covers `2024-12-02`).
    #[must_use]
    pub fn covers(&self, other: &PartialDate) -> bool {
        self.start() <= other.start() && other.end() <= self.end()
    }

    /// How precise the date is: 1 for a year, 2 for a month, 3 for a day.
    #[must_use]
    pub fn precision(&self) -> u8 {
        1 + u8::from(self.month.is_some()) + u8::from(self.day.is_some())
    }
}

impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.start().cmp(&other.start()).then(self.precision().cmp(&other.precision()))
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

fn digits(part: &str, len: usize) -> Option<u32> {
    (part.len() == len && part.bytes().all(|b| b.is_ascii_digit())).then(|| part.parse().ok()).flatten()
}

impl std::str::FromStr for PartialDate {
    type Err = DateError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let shape = || {
            DateError(format!(
                "'{text}' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2024, 2024-12, 2024-12-02)"
            ))
        };
        let mut parts = text.trim().split('-');
        let year = parts.next().and_then(|p| digits(p, 4)).ok_or_else(shape)?;
        let year = i32::try_from(year).map_err(|_| shape())?;
        let month = match parts.next() {
            None => None,
            Some(p) => Some(u8::try_from(digits(p, 2).ok_or_else(shape)?).map_err(|_| shape())?),
        };
        let day = match parts.next() {
            None => None,
            Some(p) => Some(u8::try_from(digits(p, 2).ok_or_else(shape)?).map_err(|_| shape())?),
        };
        if parts.next().is_some() {
            return Err(shape());
        }
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return Err(DateError(format!("'{text}' has month {m}; months run from 01 to 12")));
            }
            if let Some(d) = day {
                let last = days_in_month(year, m);
                if d == 0 || d > last {
                    return Err(DateError(format!("'{text}' has day {d}, but {year:04}-{m:02} has days 01 to {last}")));
                }
            }
        }
        Ok(Self { year, month, day })
    }
}

impl serde::Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> PartialDate {
        text.parse().unwrap()
    }

    #[test]
    fn parses_the_three_precisions_and_prints_them_back() {
        for text in ["2024", "2024-12", "2024-12-02", "0999-01-31"] {
            assert_eq!(d(text).to_string(), text);
        }
    }

    #[test]
    fn rejects_impossible_dates_with_a_reason() {
        assert!("2024-13-45".parse::<PartialDate>().unwrap_err().0.contains("month 13"));
        assert!("2023-02-29".parse::<PartialDate>().unwrap_err().0.contains("days 01 to 28"));
        assert!("2024-02-29".parse::<PartialDate>().is_ok());
        for bad in ["", "24", "2024-1", "2024-12-2", "2024/12/02", "12-02-2024", "2024-12-02-01", "２０２４"] {
            assert!(bad.parse::<PartialDate>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_year_is_an_interval() {
        assert_eq!(d("2024").start(), (2024, 1, 1));
        assert_eq!(d("2024").end(), (2024, 12, 31));
        assert_eq!(d("2023-02").end(), (2023, 2, 28));
        assert!(d("2024").covers(&d("2024-12-02")));
        assert!(!d("2024-12-02").covers(&d("2024")));
        assert!(d("2024") < d("2024-01") && d("2024-01") < d("2024-01-01"));
        assert!(d("2011") < d("2024-12"));
    }
}
