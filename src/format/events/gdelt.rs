//! GDELT 2.0 event exports (`*.export.CSV`: tab-separated, no header, the 61 columns of the GDELT 2.0 Event
//! Codebook, in its order).
//!
//! | field | column |
//! |---|---|
//! | relation id | `GLOBALEVENTID` |
//! | date | `SQLDATE` |
//! | kind | `EventRootCode`, the CAMEO root (see [`KINDS`]); its sign is its QuadClass's |
//! | from, to | `Actor1Name`, `Actor2Name`; with one of them only, the place `ActionGeo_FullName` |
//! | actor kind | none: CAMEO actor types (`Actor1Type1Code`) describe a role in one event and stay attributes |
//! | sources | `SOURCEURL` |
//! | attributes | every other non-empty column, under its codebook name (`GoldsteinScale`, `NumMentions`, `NumSources`, `NumArticles`, `AvgTone`, `QuadClass`, `EventCode`, …) |

use super::{cell, each_row, event_date, Event, EventFormat, KindSpec, Place, Sink};
use crate::format::parsed::ParsedFile;
use crate::format::raw::RawSource;

/// The 61 columns of a GDELT 2.0 event record, as the codebook names them.
pub(crate) const COLUMNS: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

const ID: usize = 0;
const DATE: usize = 1;
const ACTOR1: usize = 6;
const ACTOR2: usize = 16;
const ROOT: usize = 28;
const PLACE: usize = 52;
const PLACE_COUNTRY: usize = 53;
const PLACE_ADM1: usize = 54;
const PLACE_LAT: usize = 56;
const PLACE_LONG: usize = 57;
const URL: usize = 60;

/// One kind per CAMEO root code; the sign is that of the root's QuadClass (1 verbal and 2 material
/// cooperation positive, 3 verbal and 4 material conflict negative).
pub(crate) const KINDS: &[KindSpec] = &[
    ("make_public_statement", "positive", false, "CAMEO 01, cooperation (QuadClass 1 or 2)"),
    ("appeal", "positive", false, "CAMEO 02, cooperation (QuadClass 1 or 2)"),
    ("express_intent_to_cooperate", "positive", false, "CAMEO 03, cooperation (QuadClass 1 or 2)"),
    ("consult", "positive", false, "CAMEO 04, cooperation (QuadClass 1 or 2)"),
    ("engage_in_diplomatic_cooperation", "positive", false, "CAMEO 05, cooperation (QuadClass 1 or 2)"),
    ("engage_in_material_cooperation", "positive", false, "CAMEO 06, cooperation (QuadClass 1 or 2)"),
    ("provide_aid", "positive", false, "CAMEO 07, cooperation (QuadClass 1 or 2)"),
    ("yield", "positive", false, "CAMEO 08, cooperation (QuadClass 1 or 2)"),
    ("investigate", "negative", false, "CAMEO 09, conflict (QuadClass 3 or 4)"),
    ("demand", "negative", false, "CAMEO 10, conflict (QuadClass 3 or 4)"),
    ("disapprove", "negative", false, "CAMEO 11, conflict (QuadClass 3 or 4)"),
    ("reject", "negative", false, "CAMEO 12, conflict (QuadClass 3 or 4)"),
    ("threaten", "negative", false, "CAMEO 13, conflict (QuadClass 3 or 4)"),
    ("protest", "negative", false, "CAMEO 14, conflict (QuadClass 3 or 4)"),
    ("exhibit_force_posture", "negative", false, "CAMEO 15, conflict (QuadClass 3 or 4)"),
    ("reduce_relations", "negative", false, "CAMEO 16, conflict (QuadClass 3 or 4)"),
    ("coerce", "negative", false, "CAMEO 17, conflict (QuadClass 3 or 4)"),
    ("assault", "negative", false, "CAMEO 18, conflict (QuadClass 3 or 4)"),
    ("fight", "negative", false, "CAMEO 19, conflict (QuadClass 3 or 4)"),
    ("use_unconventional_mass_violence", "negative", false, "CAMEO 20, conflict (QuadClass 3 or 4)"),
    ("other_event", "neutral", false, "a GDELT event whose CAMEO root code is not 01–20"),
];

fn kind_of(root: Option<&str>) -> &'static str {
    match root.and_then(|r| r.parse::<usize>().ok()) {
        Some(n @ 1..=20) => KINDS[n - 1].0,
        _ => "other_event",
    }
}

/// Whether `bytes` look like a GDELT 2.0 event export: its first line has 61 tab-separated fields, the first a
/// number and the second a date `YYYYMMDD`.
pub(crate) fn looks_like(bytes: &[u8]) -> bool {
    let line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let fields: Vec<&[u8]> = line.strip_suffix(b"\r").unwrap_or(line).split(|&b| b == b'\t').collect();
    fields.len() == COLUMNS.len()
        && !fields[ID].is_empty()
        && fields[ID].iter().all(u8::is_ascii_digit)
        && fields[DATE].len() == 8
        && fields[DATE].iter().all(u8::is_ascii_digit)
}

/// Reads a GDELT 2.0 event export.
pub(crate) fn parse(file: &mut ParsedFile, bytes: &[u8]) {
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .has_headers(false)
        .quoting(false)
        .flexible(true)
        .from_reader(bytes);
    let mut sink = Sink::new(file, EventFormat::Gdelt, KINDS);
    if !bytes.is_empty() && !looks_like(bytes) {
        // Asked to read another kind of file as GDELT: one error saying so, not one per row.
        let line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
        let fields = line.split(|&b| b == b'\t').count();
        sink.error(
            1,
            None,
            format!(
                "this is not a GDELT 2.0 event export: its first line has {fields} tab-separated field{}, where \
                 GDELT's rows have {} (an event number, then the day as YYYYMMDD, …) and no header",
                if fields == 1 { "" } else { "s" },
                COLUMNS.len()
            ),
            Some(
                "GDELT 2.0 event files are the `*.export.CSV` files of its updates; a file in another format is \
                 read as that format when none is forced"
                    .to_owned(),
            ),
        );
        sink.finish();
        return;
    }
    let taken = [ID, DATE, ACTOR1, ACTOR2, URL];
    let rest: Vec<(usize, String)> =
        (0..COLUMNS.len()).filter(|i| !taken.contains(i)).map(|i| (i, COLUMNS[i].to_owned())).collect();
    each_row(&mut sink, &mut reader, COLUMNS.len(), |sink, record, line| {
        let sources = cell(record, Some(URL))
            .map(|url| {
                let publisher = url.split("//").nth(1).and_then(|r| r.split('/').next()).map(str::to_owned);
                vec![sink.source(
                    url,
                    || RawSource { url: Some(url.to_owned()), publisher, ..RawSource::default() },
                    line,
                )]
            })
            .unwrap_or_default();
        // CAMEO actor types describe an actor's role in one event (`SYRIA` as GOV, REB, MIL…): they stay
        // attributes of the relation (`Actor1Type1Code`) rather than becoming the actor's kind.
        let side = |name: usize| cell(record, Some(name)).map(|n| (n, None));
        let place_name = cell(record, Some(PLACE)).or_else(|| cell(record, Some(PLACE_COUNTRY))).unwrap_or_default();
        let place_attrs =
            [("country", PLACE_COUNTRY), ("admin1", PLACE_ADM1), ("latitude", PLACE_LAT), ("longitude", PLACE_LONG)]
                .into_iter()
                .filter_map(|(n, c)| cell(record, Some(c)).map(|v| (n, v)))
                .collect();
        let event = Event {
            id: cell(record, Some(ID)),
            line,
            date: cell(record, Some(DATE)).map(event_date),
            until: None,
            kind: kind_of(cell(record, Some(ROOT))),
            sides: [side(ACTOR1), side(ACTOR2)],
            associated: Default::default(),
            place: Place { name: place_name, attrs: place_attrs },
            note: None,
            sources,
            attrs: super::attrs_of(record, &rest),
        };
        sink.event(event);
    });
    sink.finish();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_codes_name_their_kinds_and_quad_classes_give_the_sign() {
        assert_eq!(kind_of(Some("01")), "make_public_statement");
        assert_eq!(kind_of(Some("19")), "fight");
        assert_eq!(kind_of(Some("99")), "other_event");
        assert!(KINDS[..8].iter().all(|k| k.1 == "positive"));
        assert!(KINDS[8..20].iter().all(|k| k.1 == "negative"));
    }

    #[test]
    fn shape_is_61_tab_separated_fields() {
        let mut line = vec!["1", "20241202"];
        line.extend(std::iter::repeat_n("", 59));
        assert!(looks_like(line.join("\t").as_bytes()));
        assert!(!looks_like(b"id,name\n"));
    }
}
