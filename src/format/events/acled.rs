//! ACLED exports (Armed Conflict Location & Event Data; columns as in the ACLED Codebook, 2023 and later,
//! and the older and upper-case variants).
//!
//! | field | column |
//! |---|---|
//! | relation id | `event_id_cnty` (else `data_id`) |
//! | date | `event_date`, cut to the month when `time_precision` is 3 |
//! | kind | `event_type` (see [`KINDS`]) |
//! | from, to | `actor1`, `actor2`; with no `actor2`, the place (`location`, `admin1`, `country`) |
//! | actor kind | `inter1`, `inter2` (numbers 1–8 or the words) |
//! | associated actors | `assoc_actor_1`, `assoc_actor_2` (or `ally_actor_1`, `ally_actor_2`), `;`-separated |
//! | sources | `source`, `;`-separated |
//! | note | `notes` |
//! | attributes | every other column, under its name (`fatalities`, `sub_event_type`, `latitude`, …) |

use super::{
    attrs_of, cell, coarsen, each_row, event_date, split_list, Columns, Event, EventFormat, KindSpec, Place, Sink,
};
use crate::format::parsed::ParsedFile;
use crate::format::raw::RawSource;

/// The relation kind of each ACLED event type, with its sign and symmetry.
pub(crate) const KINDS: &[KindSpec] = &[
    ("battle", "negative", true, "fought a battle with (ACLED: Battles)"),
    ("explosion_remote_violence", "negative", false, "struck from afar (ACLED: Explosions/Remote violence)"),
    ("violence_against_civilians", "negative", false, "used violence against civilians (ACLED)"),
    ("protest", "neutral", false, "protested, at the place or against the other side (ACLED: Protests)"),
    ("riot", "neutral", false, "rioted, at the place or against the other side (ACLED: Riots)"),
    ("strategic_development", "neutral", false, "a strategic development (ACLED: Strategic developments)"),
    ("other_event", "neutral", false, "an ACLED event of a type this version of actorgraph does not know"),
];

/// The kind for an event type, current or older (`Battle-No change of territory`, `Remote violence`,
/// `Riots/Protests`, `Headquarters or base established`, `Non-violent transfer of territory`).
fn kind_of(event_type: &str) -> &'static str {
    let t = event_type.trim().to_lowercase();
    match t.as_str() {
        "battles" => "battle",
        "explosions/remote violence" | "remote violence" => "explosion_remote_violence",
        "violence against civilians" => "violence_against_civilians",
        "protests" => "protest",
        "riots" | "riots/protests" => "riot",
        "strategic developments"
        | "strategic development"
        | "headquarters or base established"
        | "non-violent transfer of territory"
        | "non-violent activity by a conflict actor" => "strategic_development",
        _ if t.starts_with("battle") => "battle",
        _ => "other_event",
    }
}

/// The actor kind for an `inter1` / `inter2` value: ACLED's inter codes, as numbers or words.
fn actor_kind(inter: &str) -> Option<&'static str> {
    let t = inter.trim().to_lowercase();
    Some(match t.as_str() {
        "1" | "state forces" => "state_forces",
        "2" | "rebel group" | "rebel groups" => "rebel_group",
        "3" | "political militia" | "political militias" => "political_militia",
        "4" | "identity militia" | "identity militias" => "identity_militia",
        "5" | "rioters" => "rioters",
        "6" | "protesters" => "protesters",
        "7" | "civilians" => "civilians",
        "8" | "external/other forces" | "external/other force" | "other forces" | "external forces" => {
            "external_other_forces"
        }
        _ => return None,
    })
}

/// Reads an ACLED export.
pub(crate) fn parse(file: &mut ParsedFile, bytes: &[u8], delimiter: u8) {
    let mut reader = ::csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(bytes);
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|h| h.trim().to_lowercase()).collect(),
        Err(error) => {
            let mut sink = Sink::new(file, EventFormat::Acled, KINDS);
            sink.error(1, None, error.to_string(), None);
            sink.finish();
            return;
        }
    };
    let width = headers.len();
    let mut columns = Columns::new(headers);
    let id = columns.take(&["event_id_cnty", "data_id", "event_id"]);
    let date = columns.take(&["event_date"]);
    let precision = columns.names.iter().position(|h| h == "time_precision");
    let event_type = columns.names.iter().position(|h| h == "event_type");
    let actors = [columns.take(&["actor1"]), columns.take(&["actor2"])];
    let associated =
        [columns.take(&["assoc_actor_1", "ally_actor_1"]), columns.take(&["assoc_actor_2", "ally_actor_2"])];
    let inter = [columns.names.iter().position(|h| h == "inter1"), columns.names.iter().position(|h| h == "inter2")];
    let source = columns.take(&["source"]);
    let notes = columns.take(&["notes"]);
    let location = columns.names.iter().position(|h| h == "location");
    let place_attrs: Vec<(&'static str, Option<usize>)> = ["admin1", "country", "latitude", "longitude"]
        .into_iter()
        .map(|n| (n, columns.names.iter().position(|h| h == n)))
        .collect();
    let rest = columns.rest();
    let mut sink = Sink::new(file, EventFormat::Acled, KINDS);
    let missing: Vec<&str> = [("event_type", event_type), ("actor1", actors[0]), ("event_date", date)]
        .into_iter()
        .filter(|(_, c)| c.is_none())
        .map(|(n, _)| n)
        .collect();
    if !missing.is_empty() {
        sink.error(
            1,
            None,
            format!("read as an ACLED export, but the header lacks {}", missing.join(", ")),
            Some(
                "an ACLED export has event_id_cnty, event_date, event_type, actor1, actor2, … (see the ACLED codebook)"
                    .to_owned(),
            ),
        );
        sink.finish();
        return;
    }
    each_row(&mut sink, &mut reader, width, |sink, record, line| {
        let mut date = cell(record, date).map(event_date);
        if cell(record, precision) == Some("3") {
            date = date.map(|d| coarsen(d, true));
        }
        let sources = cell(record, source)
            .map(|s| {
                split_list(s)
                    .map(|name| {
                        sink.source(
                            name,
                            || RawSource { publisher: Some(name.to_owned()), ..RawSource::default() },
                            line,
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let side = |i: usize| cell(record, actors[i]).map(|name| (name, cell(record, inter[i]).and_then(actor_kind)));
        let event = Event {
            id: cell(record, id),
            line,
            date,
            until: None,
            kind: kind_of(cell(record, event_type).unwrap_or_default()),
            sides: [side(0), side(1)],
            associated: associated.map(|c| cell(record, c).map(|s| split_list(s).collect()).unwrap_or_default()),
            place: Place {
                name: cell(record, location).unwrap_or_default(),
                attrs: place_attrs.iter().filter_map(|&(n, c)| cell(record, c).map(|v| (n, v))).collect(),
            },
            note: cell(record, notes),
            sources,
            attrs: attrs_of(record, &rest),
        };
        sink.event(event);
    });
    sink.finish();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_type_of_the_codebook_has_a_declared_kind() {
        for event_type in [
            "Battles",
            "Explosions/Remote violence",
            "Violence against civilians",
            "Protests",
            "Riots",
            "Strategic developments",
            "Battle-No change of territory",
            "Remote violence",
        ] {
            let kind = kind_of(event_type);
            assert!(KINDS.iter().any(|k| k.0 == kind) && kind != "other_event", "{event_type} → {kind}");
        }
        assert_eq!(kind_of("Something new"), "other_event");
    }

    #[test]
    fn inter_codes_as_numbers_and_words() {
        assert_eq!(actor_kind("1"), actor_kind("State forces"));
        assert_eq!(actor_kind("8"), Some("external_other_forces"));
        assert_eq!(actor_kind("0"), None);
    }
}
