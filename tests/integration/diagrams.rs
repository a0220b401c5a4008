//! Issue 4: diagrams. Every DOT the tool writes parses back with graphviz-rust and renders with the real
//! Graphviz (these tests fail, never skip, when Graphviz's `dot` is missing: `tests/run.sh` installs it), every
//! actor's exact name reaches the SVG text, `output/` is kept current, and the same input gives the same bytes.

use std::path::{Path, PathBuf};
use std::process::Command;

use actorgraph::output::dot::examples::EXAMPLES;

use crate::harness::{fixture, root, run, run_in, Run};

// ---------------------------------------------------------------------------------------------------------
// Helpers

/// Runs `actorgraph` with a `PATH` on which there is no Graphviz.
#[track_caller]
fn run_without_graphviz(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_actorgraph"))
        .args(args)
        .current_dir(dir)
        .env("PATH", dir.join("no-such-bin"))
        .output()
        .expect("the actorgraph binary runs");
    Run {
        args: args.iter().map(|a| (*a).to_owned()).collect(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        code: output.status.code().unwrap_or(-1),
    }
}

/// Renders a DOT file to SVG with the real Graphviz. Panics (never skips) when `dot` is not installed.
#[track_caller]
fn graphviz_svg(dot: &Path) -> String {
    let output = Command::new("dot").arg("-Tsvg").arg(dot).output().unwrap_or_else(|e| {
        panic!(
            "Graphviz's `dot` must be installed for the diagram tests ({e}); `tests/run.sh` installs it \
             (sudo apt-get install graphviz)"
        )
    });
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "dot failed on {}:\n{stderr}", dot.display());
    assert!(!stderr.contains("Error") && !stderr.contains("syntax"), "dot complained on {}:\n{stderr}", dot.display());
    String::from_utf8(output.stdout).expect("SVG is UTF-8")
}

/// Decodes the XML entities Graphviz and our own SVG writer use.
fn decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let entity_end = rest[at..].find(';').map(|e| at + e);
        let Some(end) = entity_end else {
            out.push_str(&rest[at..]);
            return out;
        };
        let entity = &rest[at + 1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ if entity.starts_with("#x") => u32::from_str_radix(&entity[2..], 16).ok().and_then(char::from_u32),
            _ if entity.starts_with('#') => entity[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match decoded {
            Some(c) => out.push(c),
            None => out.push_str(&rest[at..=end]),
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// The `<text>` contents of each `class="node"` group, decoded, one entry per label line.
fn node_texts(svg: &str) -> Vec<Vec<String>> {
    svg.split("class=\"node\"")
        .skip(1)
        .map(|group| {
            let group = &group[..group.find("</g>").unwrap_or(group.len())];
            group
                .split("<text")
                .skip(1)
                .map(|t| {
                    let start = t.find('>').map_or(0, |i| i + 1);
                    let end = t.find("</text>").unwrap_or(t.len());
                    // Graphviz writes a second space in a row as a no-break space to keep it.
                    decode(&t[start..end]).replace('\u{a0}', " ")
                })
                .collect()
        })
        .collect()
}

/// Asserts that each name is the text of some node (label lines read as spaces: long names are wrapped).
#[track_caller]
fn assert_names_in_svg(svg: &str, names: &[String], what: &str) {
    let labels: Vec<String> = node_texts(svg).iter().map(|lines| lines.join(" ")).collect();
    for name in names {
        let expected = name.replace("\r\n", "\n").replace(['\n', '\t'], " ");
        assert!(
            labels.contains(&expected),
            "{what}: no node shows {expected:?}\n--- node texts in the SVG:\n{labels:#?}"
        );
    }
}

/// The actors named in a DOT text that are dataset actors (not claims or legend samples), with their names.
fn actor_names(graph: &actorgraph::ActorGraph, dot: &str) -> Vec<String> {
    graph
        .actors()
        .iter()
        .filter(|a| dot.contains(&actorgraph::output::dot::quote(&a.id)))
        .map(|a| a.name.clone())
        .collect()
}

#[track_caller]
fn parses(dot: &str) {
    graphviz_rust::parse(dot).unwrap_or_else(|e| panic!("graphviz-rust cannot parse the DOT: {e}\n{dot}"));
}

/// What an SVG shows, without coordinates: per element (`<g id=…>`), its id, class, title, texts, link titles,
/// and every colour, line style and width. Coordinates depend on the installed fonts and the Graphviz version;
/// these do not.
pub(crate) fn fingerprint(svg: &str) -> Vec<String> {
    const KEYS: &[&str] =
        &["<title>", "fill=\"", "stroke=\"", "stroke-dasharray=\"", "stroke-width=\"", "xlink:title=\""];
    svg.split("<g id=")
        .skip(1)
        .map(|element| {
            let mut parts = vec![element[..element.find('>').unwrap_or(0)].to_owned()];
            for key in KEYS {
                let mut rest = element;
                while let Some(at) = rest.find(key) {
                    let value = &rest[at + key.len()..];
                    let end = value.find(['"', '<']).unwrap_or(value.len());
                    parts.push(format!("{key}{}", &value[..end]));
                    rest = &value[end..];
                }
            }
            parts.extend(element.split("<text").skip(1).map(|t| {
                let start = t.find('>').map_or(0, |i| i + 1);
                format!("text:{}", &t[start..t.find("</text>").unwrap_or(t.len())])
            }));
            parts.join(" | ")
        })
        .collect()
}

/// `2.43.0` from an SVG's `<!-- Generated by graphviz version 2.43.0 (0)` comment.
pub(crate) fn graphviz_version_of(svg: &str) -> Option<&str> {
    let rest = &svg[svg.find("Generated by graphviz version ")? + "Generated by graphviz version ".len()..];
    rest.split_whitespace().next()
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

fn example_args(args: &[&'static str]) -> Vec<&'static str> {
    let mut all = vec!["dot"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["-o", "-"]);
    all
}

// ---------------------------------------------------------------------------------------------------------
// Correct DOT for any input

#[test]
fn every_example_parses_back_and_renders_with_every_actor_name() {
    let graph = actorgraph::load::embedded();
    let dir = temp();
    for example in EXAMPLES {
        let dot = run(example_args(example.args)).ok().stdout.clone();
        parses(&dot);
        let path = dir.path().join(format!("{}.dot", example.file));
        std::fs::write(&path, &dot).unwrap();
        let names = actor_names(&graph, &dot);
        assert!(!names.is_empty(), "{} draws no actor", example.file);
        assert_names_in_svg(&graphviz_svg(&path), &names, example.file);
    }
}

#[test]
fn hostile_names_render_exactly_with_graphviz_and_without_it() {
    let data = fixture("hostile-names.json");
    let (graph, _) = actorgraph::load::load(std::slice::from_ref(&data)).expect("the fixture loads");
    let names: Vec<String> = graph.actors().iter().map(|a| a.name.clone()).collect();
    assert_eq!(names.len(), 25);
    let dir = temp();
    for (i, extra) in
        [&[][..], &["--cluster-by", "attr:country"], &["--contradictions"], &["--engine", "sfdp"]].iter().enumerate()
    {
        let target = dir.path().join(format!("hostile-{i}.dot"));
        let mut args: Vec<&str> = vec!["--data", data.to_str().unwrap(), "dot", "-o", target.to_str().unwrap()];
        args.extend_from_slice(extra);
        run(&args).ok();
        let dot = std::fs::read_to_string(&target).unwrap();
        parses(&dot);
        let drawn = actor_names(&graph, &dot);
        assert_names_in_svg(&graphviz_svg(&target), &drawn, &format!("hostile names {extra:?}"));
    }
    // Every actor is in the whole network, including those whose names were blank (shown by their id).
    assert!(names.contains(&"empty-name".to_owned()) && names.contains(&"blank-name".to_owned()));
    let whole = std::fs::read_to_string(dir.path().join("hostile-0.dot")).unwrap();
    assert_eq!(actor_names(&graph, &whole).len(), 25);

    // The built-in renderer shows the same exact names.
    let target = dir.path().join("builtin.dot");
    let run = run_without_graphviz(
        dir.path(),
        &["--data", data.to_str().unwrap(), "dot", "-o", target.to_str().unwrap(), "--render", "svg"],
    );
    run.ok().stderr_has("Graphviz is not installed");
    let svg = std::fs::read_to_string(target.with_extension("svg")).unwrap();
    assert_names_in_svg(&svg, &names, "built-in SVG of hostile names");
}

#[test]
fn a_denial_points_at_the_claim_it_denies() {
    let dot = run(["dot", "--contradictions", "-o", "-"]).ok().stdout.clone();
    // The claim node sits on the claimed edge (PMF → claim → Syria), both halves dashed because it is denied.
    for line in [
        r##""pmf" -> "claim:r-pmf-deploys-syria" [color="#555555" fontcolor="#555555" style="dashed""##,
        r##""claim:r-pmf-deploys-syria" -> "syria" [color="#555555" fontcolor="#555555" style="dashed""##,
        r##""falah-fayyadh" -> "claim:r-pmf-deploys-syria" [color="#e65100" fontcolor="#e65100" style="dashed" penwidth=3 arrowhead=tee label="denies\n2024-12-02 · C2""##,
        r##""reuters" -> "claim:r-pmf-deploys-syria" [color="#6a1b9a" fontcolor="#6a1b9a" style="dotted" penwidth=3 arrowhead=vee label="reports\n2024-12-02 · B2""##,
    ] {
        assert!(dot.contains(line), "missing {line}\n{dot}");
    }
    assert!(dot.contains(
        r#""claim:r-pmf-deploys-syria"[label="deploys_to\n2024-12 · B3" shape=box style="filled,rounded,dashed""#
    ));
}

// ---------------------------------------------------------------------------------------------------------
// output/ and snapshots

#[test]
fn output_folder_is_current() {
    let dir = temp();
    let made = run(["dot".as_ref(), "--all-examples".as_ref(), dir.path().as_os_str()]);
    made.ok();
    let stale = "is stale: run `cargo run -- dot --all-examples` and commit output/";
    let graph = actorgraph::load::embedded();
    for example in EXAMPLES {
        let committed = root().join("output").join(example.file);
        let fresh = dir.path().join(example.file);
        let dot = |base: &PathBuf| std::fs::read_to_string(base.with_extension("dot")).unwrap_or_default();
        let svg = |base: &PathBuf| std::fs::read_to_string(base.with_extension("svg")).unwrap_or_default();
        // DOT: byte for byte.
        assert_eq!(dot(&committed), dot(&fresh), "output/{}.dot {stale}", example.file);
        // SVG: with the Graphviz version that drew the committed file, everything it shows but coordinates
        // (see `fingerprint`: coordinates depend on the installed fonts); with another version, only that it
        // shows every actor's name (element order and attribute spelling change between versions).
        if graphviz_version_of(&svg(&committed)) == graphviz_version_of(&svg(&fresh)) {
            assert_eq!(fingerprint(&svg(&committed)), fingerprint(&svg(&fresh)), "output/{}.svg {stale}", example.file);
        } else {
            eprintln!(
                "note: output/{}.svg was drawn by another Graphviz version; only its names are checked",
                example.file
            );
        }
        assert_names_in_svg(&svg(&committed), &actor_names(&graph, &dot(&fresh)), example.file);
        assert!(
            svg(&committed).contains("Generated by graphviz"),
            "output/{}.svg was not drawn by Graphviz",
            example.file
        );
    }
}

#[test]
fn snapshots_pin_the_dot_of_the_bundled_diagrams() {
    for example in EXAMPLES {
        let dot = run(example_args(example.args)).ok().stdout.clone();
        insta::assert_snapshot!(example.file, dot);
    }
}

#[test]
fn two_runs_give_identical_bytes() {
    let dir = temp();
    let mut outputs = Vec::new();
    for round in 0..2 {
        let target = dir.path().join(format!("round-{round}.dot"));
        run(["dot", "--focus", "pmf", "--depth", "2", "-o", target.to_str().unwrap(), "--render", "svg"]).ok();
        let builtin = dir.path().join(format!("builtin-{round}.dot"));
        run_without_graphviz(dir.path(), &["dot", "-o", builtin.to_str().unwrap(), "--render", "svg"]).ok();
        outputs.push([
            std::fs::read(&target).unwrap(),
            std::fs::read(target.with_extension("svg")).unwrap(),
            std::fs::read(builtin.with_extension("svg")).unwrap(),
        ]);
    }
    assert!(outputs[0] == outputs[1], "two runs differ");
}

// ---------------------------------------------------------------------------------------------------------
// The command

#[test]
fn default_output_is_named_after_the_selection() {
    let dir = temp();
    run_in(dir.path(), ["dot"]).ok().stdout_has("wrote output/network.dot (26 actors, 52 lines; layout dot)");
    run_in(dir.path(), ["dot", "--focus", "Hashd"]).ok().stdout_has("wrote output/focus-pmf.dot");
    run_in(dir.path(), ["dot", "--contradictions", "--render", "svg"])
        .ok()
        .stdout_has("wrote output/contradictions.dot")
        .stdout_has("wrote output/contradictions.svg");
    for file in ["network.dot", "focus-pmf.dot", "contradictions.dot", "contradictions.svg"] {
        assert!(dir.path().join("output").join(file).is_file(), "{file} missing");
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("output"))
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind: {leftovers:?}");
}

#[test]
fn stdout_and_renders_need_a_file_and_dot_paths_are_not_images() {
    let dir = temp();
    run_in(dir.path(), ["dot", "-o", "-", "--render", "svg"]).code(2).stderr_has("--render: renders next to the DOT");
    run_in(dir.path(), ["dot", "-o", "net.svg"]).code(2).stderr_has("for a .svg use `--render svg`");
    assert!(!dir.path().join("net.svg").exists());
}

#[test]
fn png_and_pdf_render_with_graphviz_and_fail_clearly_without_it() {
    let dir = temp();
    run_in(dir.path(), ["dot", "--contradictions", "-o", "c.dot", "--render", "png,pdf"]).ok();
    let png = std::fs::read(dir.path().join("c.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG"), "not a PNG");
    assert!(std::fs::read(dir.path().join("c.pdf")).unwrap().starts_with(b"%PDF"), "not a PDF");

    let bare = temp();
    run_without_graphviz(bare.path(), &["dot", "-o", "c.dot", "--render", "png"])
        .code(2)
        .stderr_has("cannot make a PNG file: Graphviz is not installed")
        .stderr_has("sudo apt-get install graphviz")
        .stderr_has("brew install graphviz");
    assert!(!bare.path().join("c.png").exists());
    let fallback = run_without_graphviz(bare.path(), &["dot", "-o", "c.dot", "--render", "svg"]);
    fallback.ok().stderr_has("drawn with actorgraph's simple built-in layout");
    assert_eq!(fallback.stderr.lines().count(), 1, "the notice is one line: {}", fallback.stderr);
    let svg = std::fs::read_to_string(bare.path().join("c.svg")).unwrap();
    assert!(svg.contains("built-in layout") && svg.contains("Popular Mobilization"));
    run_without_graphviz(bare.path(), &["dot", "--all-examples"]).code(2).stderr_has("install it");
}

#[test]
fn filters_focus_and_clusters_shape_the_diagram() {
    let dot = run(["dot", "--cluster-by", "attr:country", "--as-of", "2011", "-o", "-"]).ok().stdout.clone();
    parses(&dot);
    assert!(dot.contains(r#"subgraph "cluster_1" {"#) && dot.contains(r#"label="country = IQ""#));
    assert!(dot.contains("Filters: as of 2011"), "the caption names the filter");
    assert!(dot.contains(r#"label="supports\n2011 · C2""#), "only the 2011 support is valid in 2011");
    assert!(!dot.contains("2024-12-02"), "relations dated later are left out");

    let ego = run(["dot", "--focus", "Khazali", "--depth", "1", "--rankdir", "TB", "-o", "-"]).ok().stdout.clone();
    assert!(ego.contains("rankdir=TB") && ego.contains("Ego network of Qais Khazali (1 hop)"));
    assert!(ego.contains(r##""qais-khazali"[label="Qais Khazali" shape=box style="filled,rounded" fillcolor="#fdf1c0" color="#9c7c00" penwidth=3"##));
    assert!(!ego.contains(r#""iran"["#), "Iran is two hops away");

    run(["dot", "--cluster-by", "attr:contry", "-o", "-"])
        .code(2)
        .stderr_has("error: --cluster-by: ")
        .stderr_has("did you mean 'country'?");
    run(["dot", "--cluster-by", "colour", "-o", "-"]).code(2).stderr_has("tag:NAME");
    run(["dot", "--focus", "Katib Hezb", "-o", "-"]).code(2).stderr_has("no actor 'Katib Hezb'");
    run(["dot", "--contradictions", "--kind", "supports", "-o", "-"])
        .code(1)
        .stderr_has("nothing to draw: no claim in view is denied");
    run(["dot", "--depth", "2", "-o", "-"]).code(2).stderr_has("--focus");
}

#[test]
fn size_limits_cut_with_a_warning_and_a_caption() {
    let limited = run(["dot", "--max-edges", "10", "--max-nodes", "12", "-o", "-"]);
    limited.ok().stderr_has("warning: the diagram would need more than 10 lines; left out");
    limited.stderr_has("note: --max-nodes 12 left out 14 actors");
    let dot = &limited.stdout;
    parses(dot);
    assert!(dot.contains("Left out (--max-nodes 12): 14 actors with the fewest relations"));
    assert!(dot.contains("Left out (--max-edges 10):"));
    run(["-q", "dot", "--max-edges", "10", "-o", "-"]).ok();
    assert!(run(["-q", "dot", "--max-edges", "10", "-o", "-"]).stderr.is_empty(), "--quiet silences the warning");
    let chosen = run(["dot", "--engine", "neato", "-o", "-"]).ok().stdout.clone();
    assert!(chosen.contains("layout=neato") && chosen.contains("overlap=false"));
}

#[test]
fn big_diagrams_switch_to_sfdp_and_stay_layoutable() {
    // 300 actors in a ring with chords: 900 relations, more than `dot` lays out in reasonable time.
    let actors: Vec<String> = (0..300).map(|i| format!(r#"{{"id": "a{i}", "name": "Actor {i}"}}"#)).collect();
    let relations: Vec<String> = (0..300)
        .flat_map(|i| {
            [1, 7, 31].map(|step| format!(r#"{{"from": "a{i}", "to": "a{}", "kind": "supports"}}"#, (i + step) % 300))
        })
        .collect();
    let dir = temp();
    let data = dir.path().join("big.json");
    std::fs::write(
        &data,
        format!(
            r#"{{"format": "actorgraph/1", "actors": [{}], "relations": [{}]}}"#,
            actors.join(","),
            relations.join(",")
        ),
    )
    .unwrap();
    let target = dir.path().join("big.dot");
    let made = run(["--data", data.to_str().unwrap(), "dot", "-o", target.to_str().unwrap()]);
    made.ok().stdout_has("layout sfdp, as the diagram has more than 120 lines or 150 nodes");
    made.stderr_has("left out 400 relations with the lowest confidence");
    let dot = std::fs::read_to_string(&target).unwrap();
    assert!(dot.contains("layout=sfdp"));
    let started = std::time::Instant::now();
    graphviz_svg(&target);
    assert!(started.elapsed().as_secs() < 60, "sfdp took {:?}", started.elapsed());
}

#[test]
fn path_chain_and_bloc_selections_draw_what_the_queries_find() {
    let dir = temp();
    let out = |name: &str| dir.path().join(name).into_os_string();
    run(["dot".as_ref(), "--path".as_ref(), "KH".as_ref(), "Iran".as_ref(), "-o".as_ref(), out("p.dot").as_os_str()])
        .ok();
    let path = std::fs::read_to_string(dir.path().join("p.dot")).expect("the path diagram");
    parses(&path);
    assert!(path.contains("\"kataib-hezbollah\" -> \"iran\"") || path.contains("\"iran\" -> \"kataib-hezbollah\""));
    assert!(!path.contains("\"syrian-insurgents\""), "the path diagram draws actors off the path");

    run(["dot".as_ref(), "--chain".as_ref(), "AAH".as_ref(), "-o".as_ref(), out("c.dot").as_os_str()]).ok();
    let chain = std::fs::read_to_string(dir.path().join("c.dot")).expect("the chain diagram");
    for actor in ["asaib-ahl-al-haq", "qais-khazali", "pmf", "iraqi-security-forces", "mohammed-shia-al-sudani"] {
        assert!(chain.contains(&format!("\"{actor}\"[")), "the chain diagram lacks {actor}");
    }
    assert!(!chain.contains("\"iran\"["), "the chain diagram draws Iran, which is not in AAH's hierarchy");

    run(["dot".as_ref(), "--bloc".as_ref(), "-o".as_ref(), out("b.dot").as_os_str()]).ok();
    let blocs = std::fs::read_to_string(dir.path().join("b.dot")).expect("the blocs diagram");
    assert_eq!(blocs.matches("subgraph \"cluster_").count(), 3, "two blocs and the legend");
    assert!(blocs.contains("label=\"bloc 2\""));
    run(["dot", "--bloc", "--focus", "KH"]).code(2).stderr_has("cannot be used with");
    run(["dot", "--path", "KH", "Karbala", "--kind", "member_of", "-o", "-"]).code(1).stderr_has("not linked");
}
