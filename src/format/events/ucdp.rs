//! UCDP GED (the Uppsala Conflict Data Program's Georeferenced Event Dataset; the 49 columns of the GED
//! codebook).
//!
//! | field | column |
//! |---|---|
//! | relation id | `id` |
//! | date, until | `date_start`, `date_end`; cut to the month when `date_prec` is 4, the year when 5 |
//! | kind | `type_of_violence` (see [`KINDS`]) |
//! | from, to | `side_a`, `side_b` |
//! | actor kind | `Government of …` is `government`, `Civilians` (side B of one-sided violence) is `civilians`, any other side `non_state_group` |
//! | sources | `source_office`, `source_date`, `source_headline`, `source_article`, paired by their `;`-separated items |
//! | attributes | every other column, under its name (`best`, `deaths_civilians`, `where_description`, …) |

use super::{attrs_of, cell, coarsen, each_row, event_date, Columns, Event, EventFormat, KindSpec, Place, Sink};
use crate::format::parsed::ParsedFile;
use crate::format::raw::RawSource;

/// The relation kind of each UCDP type of violence.
pub(crate) const KINDS: &[KindSpec] = &[
    ("state_based_conflict", "negative", true, "fought in a state-based armed conflict (UCDP type of violence 1)"),
    ("non_state_conflict", "negative", true, "fought in a non-state conflict (UCDP type of violence 2)"),
    ("one_sided_violence", "negative", false, "used violence against civilians (UCDP type of violence 3)"),
    ("other_event", "neutral", false, "a UCDP event of a type of violence this version of actorgraph does not know"),
];

fn kind_of(type_of_violence: Option<&str>) -> &'static str {
    match type_of_violence {
        Some("1") => "state_based_conflict",
        Some("2") => "non_state_conflict",
        Some("3") => "one_sided_violence",
        _ => "other_event",
    }
}

/// UCDP's side types: a government, civilians (side B of one-sided violence), or an organised non-state
/// group; the same for an actor in every event, whichever side it is on.
fn side_kind(name: &str) -> &'static str {
    if name.starts_with("Government of") {
        "government"
    } else if name == "Civilians" {
        "civilians"
    } else {
        "non_state_group"
    }
}

/// The `i`th item of a source column's list, when not empty.
fn item<'a>(list: &[&'a str], i: usize) -> Option<&'a str> {
    list.get(i).copied().filter(|s| !s.is_empty())
}

/// Reads a UCDP GED file.
pub(crate) fn parse(file: &mut ParsedFile, bytes: &[u8], delimiter: u8) {
    let mut reader = ::csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(bytes);
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|h| h.trim().to_lowercase()).collect(),
        Err(error) => {
            let mut sink = Sink::new(file, EventFormat::Ucdp, KINDS);
            sink.error(1, None, error.to_string(), None);
            sink.finish();
            return;
        }
    };
    let width = headers.len();
    let mut columns = Columns::new(headers);
    let id = columns.take(&["id"]);
    let start = columns.take(&["date_start"]);
    let end = columns.take(&["date_end"]);
    let precision = columns.names.iter().position(|h| h == "date_prec");
    let violence = columns.names.iter().position(|h| h == "type_of_violence");
    let sides = [columns.take(&["side_a"]), columns.take(&["side_b"])];
    let office = columns.take(&["source_office"]);
    let source_date = columns.take(&["source_date"]);
    let headline = columns.take(&["source_headline"]);
    let article = columns.take(&["source_article"]);
    let place =
        [columns.names.iter().position(|h| h == "where_description"), columns.names.iter().position(|h| h == "adm_1")];
    let country = columns.names.iter().position(|h| h == "country");
    let rest = columns.rest();
    let mut sink = Sink::new(file, EventFormat::Ucdp, KINDS);
    each_row(&mut sink, &mut reader, width, |sink, record, line| {
        let kind = kind_of(cell(record, violence));
        let mut date = cell(record, start).map(event_date);
        let mut until = cell(record, end).map(event_date);
        match cell(record, precision) {
            Some("4") => {
                date = date.map(|d| coarsen(d, true));
                until = until.map(|d| coarsen(d, true));
            }
            Some("5") => {
                date = date.map(|d| coarsen(d, false));
                until = until.map(|d| coarsen(d, false));
            }
            _ => {}
        }
        if until == date {
            until = None;
        }
        // The source columns list one item per source, `;`-separated, in the same order.
        let items = |c: Option<usize>| -> Vec<&str> {
            cell(record, c).map(|s| s.split(';').map(str::trim).collect()).unwrap_or_default()
        };
        let (offices, dates, headlines, articles) =
            (items(office), items(source_date), items(headline), items(article));
        let n = offices.len().max(articles.len()).max(headlines.len());
        let mut sources = Vec::with_capacity(n);
        for i in 0..n {
            let (office, day, headline, article) =
                (item(&offices, i), item(&dates, i), item(&headlines, i), item(&articles, i));
            let source_id = match (office, day) {
                (Some(o), Some(d)) => format!("{o} {d}"),
                (Some(o), None) => o.to_owned(),
                _ => match article.or(headline) {
                    Some(text) => text.to_owned(),
                    None => continue,
                },
            };
            let make = || RawSource {
                publisher: office.map(str::to_owned),
                title: headline.or(article).map(str::to_owned),
                date: day.map(event_date),
                ..RawSource::default()
            };
            sources.push(sink.source(&source_id, make, line));
        }
        let side = |i: usize| cell(record, sides[i]).map(|name| (name, Some(side_kind(name))));
        let mut place_attrs = Vec::new();
        if let Some(adm) = cell(record, place[1]) {
            place_attrs.push(("admin1", adm));
        }
        if let Some(c) = cell(record, country) {
            place_attrs.push(("country", c));
        }
        let event = Event {
            id: cell(record, id),
            line,
            date,
            until,
            kind,
            sides: [side(0), side(1)],
            associated: Default::default(),
            place: Place { name: cell(record, place[0]).unwrap_or_default(), attrs: place_attrs },
            note: None,
            sources,
            attrs: attrs_of(record, &rest),
        };
        sink.event(event);
    });
    sink.finish();
}
