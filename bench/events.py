"""The event-import benchmark: an ACLED-shaped file of N events, loaded by actorgraph, against the same
relations in actorgraph's own JSON.

    python3 bench/events.py                 # 1,000,000 events (writes about 400 MB into bench/data/, ignored by git)
    python3 bench/events.py --events 2000   # seconds: proves the script works (tests/run.sh may run it)

Steps: (1) write bench/data/acled-N.csv, deterministic for a seed: the 31 columns of the current ACLED
export, the six event types in ACLED-like proportions, about 40% of events with one actor (linked to their
place), a fifth with associated actors, ~3,000 actor names, ~20,000 places, ~500 source names; (2) turn it
into actorgraph JSON with `actorgraph export --to json` (the same actors, relations, sources and kinds,
so both loads build the same graph); (3) time `actorgraph validate --no-cache` on each, the command that
reads, checks and links a dataset and nothing more, --repeat times, and print the medians (wall and CPU,
user + system of the child) and their ratio. Nothing is asserted.
"""
import argparse
import csv
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,"
    "inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,"
    "location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp"
).split(",")
# (event type, sub-event type, share, one actor?)
TYPES = [
    ("Battles", "Armed clash", 0.18, False),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", 0.16, False),
    ("Violence against civilians", "Attack", 0.14, False),
    ("Protests", "Peaceful protest", 0.34, True),
    ("Riots", "Violent demonstration", 0.08, False),
    ("Strategic developments", "Looting/property destruction", 0.10, True),
]
INTER = ["State forces", "Rebel group", "Political militia", "Identity militia", "Rioters", "Protesters",
         "Civilians", "External/Other forces"]
COUNTRIES = ["Iraq", "Syria", "Yemen", "Lebanon", "Libya", "Sudan", "Mali", "Nigeria", "Somalia", "Myanmar"]


def write_events(path: Path, n: int, seed: int) -> None:
    rng = random.Random(seed)
    actors = [(f"Armed Group {i} ({COUNTRIES[i % len(COUNTRIES)]})", INTER[i % len(INTER)]) for i in range(3000)]
    places = [(f"Town {i}", f"Province {i % 400}", COUNTRIES[i % len(COUNTRIES)]) for i in range(20000)]
    sources = [f"Outlet {i}" for i in range(500)]
    weights = [t[2] for t in TYPES]
    with path.open("w", newline="") as f:
        out = csv.writer(f)
        out.writerow(HEADER)
        for i in range(n):
            event_type, sub, _, one = rng.choices(TYPES, weights)[0]
            a1, inter1 = actors[rng.randrange(len(actors))]
            a2, inter2 = ("", "") if one else actors[rng.randrange(len(actors))]
            location, admin1, country = places[rng.randrange(len(places))]
            assoc = "; ".join(actors[rng.randrange(len(actors))][0] for _ in range(rng.randint(1, 2))) if rng.random() < 0.2 else ""
            day = 1 + i % 28
            row = {
                "event_id_cnty": f"EV{i}",
                "event_date": f"2024-{1 + (i // 28) % 12:02d}-{day:02d}",
                "year": "2024",
                "time_precision": "1",
                "disorder_type": "Political violence",
                "event_type": event_type,
                "sub_event_type": sub,
                "actor1": a1,
                "assoc_actor_1": assoc,
                "inter1": inter1,
                "actor2": a2,
                "inter2": inter2,
                "interaction": f"{inter1}-{inter2}" if inter2 else f"{inter1} only",
                "iso": str(400 + COUNTRIES.index(country)),
                "region": "Middle East",
                "country": country,
                "admin1": admin1,
                "location": location,
                "latitude": f"{rng.uniform(10, 40):.4f}",
                "longitude": f"{rng.uniform(20, 60):.4f}",
                "geo_precision": "1",
                "source": "; ".join(rng.sample(sources, rng.randint(1, 2))),
                "source_scale": "National",
                "notes": f"On day {day}, {a1} {event_type.lower()} near {location}.",
                "fatalities": str(rng.choice([0, 0, 0, 1, 2, 5])),
                "timestamp": str(1700000000 + i),
            }
            out.writerow([row.get(h, "") for h in HEADER])


def timed(binary: Path, data: Path) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([str(binary), "--data", str(data), "--no-cache", "--quiet", "validate"], check=True,
                   stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--binary", type=Path, default=ROOT / "target/release/actorgraph")
    args = parser.parse_args()
    folder = ROOT / "bench/data"
    folder.mkdir(parents=True, exist_ok=True)
    events = folder / f"acled-{args.events}.csv"
    as_json = folder / f"acled-{args.events}.json"
    if not events.exists():
        print(f"writing {events}", file=sys.stderr)
        write_events(events, args.events, args.seed)
    if not as_json.exists() or as_json.stat().st_mtime < events.stat().st_mtime:
        print(f"converting to {as_json}", file=sys.stderr)
        subprocess.run([str(args.binary), "--data", str(events), "--no-cache", "--quiet", "export", "--to", "json",
                        "-o", str(as_json)], check=True)
    rows = {}
    for name, path in [("ACLED CSV", events), ("actorgraph JSON", as_json)]:
        runs = [timed(args.binary, path) for _ in range(args.repeat)]
        rows[name] = (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs))
        size = path.stat().st_size / 1e6
        print(f"{name:16} {size:8.1f} MB  wall {rows[name][0]:7.2f} s  cpu {rows[name][1]:7.2f} s")
    (cw, cc), (jw, jc) = rows["ACLED CSV"], rows["actorgraph JSON"]
    print(f"ratio CSV/JSON: wall {cw / jw:.2f}, cpu {cc / jc:.2f} (target: at most 2)")


if __name__ == "__main__":
    main()
