// actorgraph explorer: draws the network written by `actorgraph explore` on a canvas, and opens the evidence
// behind actors and relations. Hand-written, no third-party library; it fetches nothing.
"use strict";
(function () {
  const started = performance.now();
  const D = JSON.parse(document.getElementById("data").textContent);
  const $ = (id) => document.getElementById(id);

  // ---------------------------------------------------------------------------------------------------
  // Lookup: a port of src/lookup.rs (`normalize`, `skeleton` and the three tiers). The browser tests check
  // that it gives the same keys as the Rust code for every name in the page and for hard cases.
  const APOSTROPHES = new Set(["'", "\u2018", "\u2019", "\u02bc", "\u02be", "\u02bf", "`", "\u00b4", "\u02b9"]);
  const TRANSLIT = D.transliteration;
  function isAlnum(c) { return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9"); }
  function normalize(text) {
    let out = "";
    let space = false;
    for (const c of text) {
      if (APOSTROPHES.has(c)) continue;
      const ascii = c.charCodeAt(0) < 128 && c.length === 1 ? c : (TRANSLIT[c] || "");
      for (const a of ascii) {
        if (isAlnum(a)) {
          if (space && out.length) out += " ";
          space = false;
          out += a.toLowerCase();
        } else if (a !== "'") {
          space = true;
        }
      }
    }
    return out;
  }
  const ARTICLES = new Set(["al", "el", "ul", "il", "ad", "ar", "as", "ash", "at", "az", "an", "bin", "ibn", "the"]);
  const VOWELS = "aeiouywh";
  function skeletonOfNormal(normal) {
    const words = [];
    for (let word of normal.split(" ")) {
      if (ARTICLES.has(word)) continue;
      if (word.startsWith("al") && word.length - 2 > 3) word = word.slice(2);
      for (const [from, to] of [["dh", "d"], ["th", "t"], ["kh", "k"], ["q", "k"], ["ou", "u"]]) {
        word = word.split(from).join(to);
      }
      let s = "";
      let previous = null;
      let i = 0;
      for (const c of word) {
        const vowel = VOWELS.includes(c);
        const doubled = previous === c && c >= "a" && c <= "z";
        previous = c;
        if (!((i > 0 && vowel) || doubled)) s += c;
        i += 1;
      }
      words.push(s);
    }
    return words.join(" ");
  }
  function skeleton(text) { return skeletonOfNormal(normalize(text)); }

  const A = D.actors, R = D.relations, S = D.sources, K = D.kinds;
  const byId = new Map(), byKey = new Map(), bySkeleton = new Map();
  const push = (map, key, i) => { if (!key) return; const l = map.get(key); if (!l) map.set(key, [i]); else if (!l.includes(i)) l.push(i); };
  A.forEach((a, i) => {
    if (!byId.has(a.id)) byId.set(a.id, i);
    a.keys.forEach((k) => push(byKey, k, i));
    a.skeletons.forEach((k) => push(bySkeleton, k, i));
  });
  // The command line's answer first (id, then normalised, then skeleton), then names containing the query.
  function find(query, limit) {
    const found = [];
    const add = (i, how) => { if (!found.some((f) => f.actor === i)) found.push({ actor: i, how }); };
    const q = query.trim();
    if (!q) return found;
    if (byId.has(q)) add(byId.get(q), "id");
    const key = normalize(q);
    (byKey.get(key) || []).forEach((i) => add(i, "name"));
    (bySkeleton.get(skeletonOfNormal(key)) || []).forEach((i) => add(i, "spelling"));
    if (key.length >= 2) {
      const starts = [], contains = [];
      A.forEach((a, i) => {
        if (a.keys.some((k) => k.startsWith(key) || k.includes(" " + key))) starts.push(i);
        else if (key.length >= 3 && a.keys.some((k) => k.includes(key))) contains.push(i);
      });
      const byName = (x, y) => (A[x].name < A[y].name ? -1 : A[x].name > A[y].name ? 1 : x - y);
      starts.sort(byName).forEach((i) => add(i, "prefix"));
      contains.sort(byName).forEach((i) => add(i, "part"));
    }
    return found.slice(0, limit || 12);
  }

  // ---------------------------------------------------------------------------------------------------
  // Indexes.
  const outOf = A.map(() => []), inTo = A.map(() => []), about = R.map(() => []);
  R.forEach((r, i) => {
    if (!r.denied_by) r.denied_by = [];
    outOf[r.from].push(i);
    if (r.to !== null) inTo[r.to].push(i);
    if (r.about !== null) about[r.about].push(i);
  });
  // Lines are stroked in batches of one kind and one confidence band, so 25,000 lines are a few dozen strokes.
  // Band 0 is "confidence unknown" (a thin dotted line, never drawn as certain); bands 1-4 are quarters of
  // 0..1, each wider than the last.
  const BANDS = 5;
  const bandOf = (r) => (typeof r.confidence !== "number" ? 0 : 1 + Math.min(3, Math.floor(r.confidence * 4)));
  const ofStyle = K.map(() => Array.from({ length: BANDS }, () => []));
  R.forEach((r, i) => ofStyle[r.kind][bandOf(r)].push(i));
  const BAND_WIDTH = [0.8, 0.8, 1.4, 2.1, 3];
  const UNKNOWN_DASH = [1.5, 3];
  const contestedClaim = new Map(D.contested.map((c) => [c.claim, c]));
  const inContested = new Set();
  D.contested.forEach((c) => { inContested.add(c.claim); c.reported_by.forEach((s) => inContested.add(s)); c.denied_by.forEach((s) => inContested.add(s)); });
  const BLOC_COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22"];

  // ---------------------------------------------------------------------------------------------------
  // State.
  const state = {
    date: null,               // index into D.dates, or null for all dates
    view: "network",
    kinds: K.map(() => true),
    signs: { positive: true, negative: true, neutral: true },
    selected: null,           // {type: "actor"|"relation", index}
    scale: 1, tx: 0, ty: 0,
  };
  const visible = new Uint8Array(R.length);
  const hasVisible = new Uint8Array(A.length);

  // The validity rule of `--as-of` (src/query/filter.rs, `Filter::keeps_relation`): a relation is valid on a
  // date unless it starts after the date's last day or ends before its first day. No date: always valid.
  function validOn(r, d) {
    if (r.valid_from !== null && r.valid_from > d.end) return false;
    if (r.valid_to !== null && r.valid_to < d.start) return false;
    return true;
  }
  function recompute() {
    const d = state.date === null ? null : D.dates[state.date];
    hasVisible.fill(0);
    for (let i = 0; i < R.length; i++) {
      const r = R[i];
      // Statements follow their claims, as in the command line's views.
      visible[i] = visibleClaim(i, d) ? 1 : 0;
    }
    for (let i = 0; i < R.length; i++) {
      if (!visible[i]) continue;
      hasVisible[R[i].from] = 1;
      if (R[i].to !== null) hasVisible[R[i].to] = 1;
    }
    const shown = visible.reduce((n, v) => n + v, 0);
    $("status").textContent = `${A.length} actors · ${shown} of ${R.length} relations shown · ` +
      (d === null ? "all dates" : `as of ${d.label}`) + ` · layout ${D.layout}`;
    $("time-label").textContent = d === null ? "all dates" : d.label;
    requestDraw();
  }
  function visibleClaim(i, d) {
    for (let depth = 0; i !== null && depth < 16; depth++) {
      const r = R[i];
      if (!(state.kinds[r.kind] && state.signs[K[r.kind].sign] && (d === null || validOn(r, d)))) return false;
      i = r.about;
    }
    return true;
  }

  // ---------------------------------------------------------------------------------------------------
  // Geometry and drawing.
  const canvas = $("canvas");
  const ctx = canvas.getContext("2d");
  let width = 0, height = 0, dpr = 1;
  const labelsAlways = A.length <= 300;
  const FONT = "12px system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans Arabic', sans-serif";
  ctx.font = FONT;
  const labelWidth = A.length <= 2000 ? A.map((a) => ctx.measureText(a.name).width) : null;

  function resize() {
    const box = canvas.getBoundingClientRect();
    dpr = window.devicePixelRatio || 1;
    const w = Math.max(1, box.width), h = Math.max(1, box.height);
    // The point at the centre stays there when the panel opens or closes or the window changes size.
    state.tx += (w - width) / 2; state.ty += (h - height) / 2;
    width = w; height = h;
    canvas.width = Math.round(width * dpr); canvas.height = Math.round(height * dpr);
    requestDraw();
  }
  function fit() {
    if (!A.length) return;
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const a of A) { x0 = Math.min(x0, a.x); y0 = Math.min(y0, a.y); x1 = Math.max(x1, a.x); y1 = Math.max(y1, a.y); }
    const pad = labelsAlways ? 90 : 20;
    const s = Math.min((width - 2 * pad) / Math.max(1, x1 - x0), (height - 2 * pad) / Math.max(1, y1 - y0));
    state.scale = Math.max(0.02, Math.min(s, 3));
    state.tx = width / 2 - state.scale * (x0 + x1) / 2;
    state.ty = height / 2 - state.scale * (y0 + y1) / 2;
    requestDraw();
  }
  const sx = (x) => x * state.scale + state.tx, sy = (y) => y * state.scale + state.ty;

  // Where a relation is drawn: between its actors, or from the stating actor to the middle of its claim.
  const ends = new Float64Array(R.length * 4);
  function computeEnds() {
    for (let i = 0; i < R.length; i++) endsOf(i, 0);
  }
  function endsOf(i, depth) {
    const r = R[i], a = A[r.from];
    let bx, by;
    if (r.to !== null) { bx = A[r.to].x; by = A[r.to].y; }
    else if (r.about !== null && depth < 8) { endsOf(r.about, depth + 1); const j = r.about * 4; bx = (ends[j] + ends[j + 2]) / 2; by = (ends[j + 1] + ends[j + 3]) / 2; }
    else { bx = a.x; by = a.y; }
    const j = i * 4;
    ends[j] = a.x; ends[j + 1] = a.y; ends[j + 2] = bx; ends[j + 3] = by;
  }

  function highlightSet() {
    const sel = state.selected;
    if (!sel) return null;
    const actors = new Set(), relations = new Set();
    if (sel.type === "actor") {
      actors.add(sel.index);
      for (const list of [outOf[sel.index], inTo[sel.index]]) {
        for (const i of list) {
          relations.add(i); actors.add(R[i].from); if (R[i].to !== null) actors.add(R[i].to);
          about[i].forEach((s) => { relations.add(s); actors.add(R[s].from); });
        }
      }
    } else {
      const i = sel.index; relations.add(i); actors.add(R[i].from); if (R[i].to !== null) actors.add(R[i].to);
      about[i].forEach((s) => { relations.add(s); actors.add(R[s].from); });
      if (R[i].about !== null) { relations.add(R[i].about); actors.add(R[R[i].about].from); if (R[R[i].about].to !== null) actors.add(R[R[i].about].to); }
    }
    return { actors, relations };
  }

  let pending = false;
  function requestDraw() { if (!pending) { pending = true; requestAnimationFrame(draw); } }
  const stats = { frames: 0, lastFrameMs: 0, maxFrameMs: 0, openMs: null };

  function dashOf(line) { return line === "dashed" ? [6, 4] : line === "dotted" ? [2, 3] : []; }
  function draw() {
    pending = false;
    const t0 = performance.now();
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    computeEnds();
    const hl = highlightSet();
    const contested = state.view === "contested";
    const blocs = state.view === "blocs";
    const dimmed = hl || contested ? (i) => (hl && !hl.relations.has(i)) || (contested && !inContested.has(i)) : () => false;
    const arrows = state.scale > 0.35 && R.length <= 5000;
    // Lines: one path per kind, confidence band and emphasis; a line wholly off the screen is not added.
    const zoomWidth = Math.max(0.6, Math.min(1.4, state.scale * 1.2));
    const { scale, tx, ty } = state;
    for (const faint of [true, false]) {
      for (let k = 0; k < K.length; k++) {
        for (let band = 0; band < BANDS; band++) {
          let any = false;
          ctx.beginPath();
          for (const i of ofStyle[k][band]) {
            if (!visible[i] || dimmed(i) !== faint) continue;
            const j = i * 4;
            const x0 = ends[j] * scale + tx, y0 = ends[j + 1] * scale + ty;
            const x1 = ends[j + 2] * scale + tx, y1 = ends[j + 3] * scale + ty;
            if ((x0 < 0 && x1 < 0) || (y0 < 0 && y1 < 0) || (x0 > width && x1 > width) || (y0 > height && y1 > height)) continue;
            ctx.moveTo(x0, y0); ctx.lineTo(x1, y1);
            any = true;
          }
          if (!any) continue;
          ctx.strokeStyle = K[k].color;
          const alpha = faint ? 0.12 : (R.length > 3000 && !hl ? 0.45 : 0.9);
          ctx.globalAlpha = band === 0 ? alpha * 0.8 : alpha;
          ctx.lineWidth = faint ? Math.min(1, BAND_WIDTH[band]) : BAND_WIDTH[band] * zoomWidth;
          ctx.setLineDash(band === 0 ? UNKNOWN_DASH : dashOf(K[k].line));
          ctx.stroke();
        }
      }
    }
    ctx.setLineDash([]);
    ctx.globalAlpha = 1;
    if (blocs) {
      // Frustrated relations: a positive tie across blocs or a negative one inside a bloc.
      ctx.beginPath();
      for (let i = 0; i < R.length; i++) {
        if (!visible[i] || !R[i].frustrated) continue;
        const j = i * 4; ctx.moveTo(sx(ends[j]), sy(ends[j + 1])); ctx.lineTo(sx(ends[j + 2]), sy(ends[j + 3]));
      }
      ctx.strokeStyle = "#000"; ctx.lineWidth = 3; ctx.setLineDash([3, 3]); ctx.stroke(); ctx.setLineDash([]);
    }
    if (arrows) {
      for (let i = 0; i < R.length; i++) {
        if (!visible[i] || dimmed(i)) continue;
        const j = i * 4;
        arrow(sx(ends[j]), sy(ends[j + 1]), sx(ends[j + 2]), sy(ends[j + 3]), K[R[i].kind].color, R[i].to !== null ? R[i].to : -1);
      }
    }
    if (state.selected && state.selected.type === "relation") {
      const j = state.selected.index * 4;
      ctx.beginPath(); ctx.moveTo(sx(ends[j]), sy(ends[j + 1])); ctx.lineTo(sx(ends[j + 2]), sy(ends[j + 3]));
      ctx.strokeStyle = "#1a5fb4"; ctx.globalAlpha = 0.35; ctx.lineWidth = 8; ctx.stroke(); ctx.globalAlpha = 1;
    }
    // Actors.
    const showLabels = labelsAlways || state.scale > 1.2;
    for (let i = 0; i < A.length; i++) {
      const a = A[i];
      const x = sx(a.x), y = sy(a.y);
      if (x < -200 || y < -50 || x > width + 200 || y > height + 50) continue;
      const faint = (hl && !hl.actors.has(i)) || (contested && !actorInContested[i]) || (state.date !== null && !hasVisible[i]);
      const look = D.looks[a.look];
      const fill = blocs ? (a.bloc === null ? "#ffffff" : BLOC_COLOURS[a.bloc % BLOC_COLOURS.length]) : look.fill;
      ctx.globalAlpha = faint ? 0.2 : 1;
      const label = showLabels || (hl && hl.actors.has(i));
      if (label) box(x, y, i, look, fill, blocs && a.bloc !== null);
      else dot(x, y, look, fill);
    }
    ctx.globalAlpha = 1;
    const ms = performance.now() - t0;
    stats.frames += 1; stats.lastFrameMs = ms; stats.maxFrameMs = Math.max(stats.maxFrameMs, ms);
    if (stats.openMs === null) stats.openMs = performance.now() - started;
  }
  const actorInContested = new Uint8Array(A.length);
  inContested.forEach((i) => { actorInContested[R[i].from] = 1; if (R[i].to !== null) actorInContested[R[i].to] = 1; });

  // Names grow and shrink with the zoom (within limits), so boxes that do not overlap in the layout do not
  // overlap on the screen when zoomed out.
  const labelScale = () => Math.max(0.75, Math.min(1.4, state.scale));
  function boxSize(i) {
    const f = labelScale();
    ctx.font = FONT;
    const w = (labelWidth ? labelWidth[i] : ctx.measureText(A[i].name).width) * f + 14 * f;
    return [w, 22 * f];
  }
  function arrow(x0, y0, x1, y1, colour, target) {
    let [hw, hh] = target >= 0 && (labelsAlways || state.scale > 1.2) ? boxSize(target).map((v) => v / 2) : [4, 4];
    const dx = x1 - x0, dy = y1 - y0, len = Math.hypot(dx, dy);
    if (len < 12) return;
    const ux = dx / len, uy = dy / len;
    // Stop at the box's edge.
    const t = Math.min(Math.abs(dx) > 1e-9 ? hw / Math.abs(ux) : Infinity, Math.abs(dy) > 1e-9 ? hh / Math.abs(uy) : Infinity);
    const px = x1 - ux * Math.min(t, len / 2), py = y1 - uy * Math.min(t, len / 2);
    ctx.beginPath(); ctx.moveTo(px, py);
    ctx.lineTo(px - ux * 8 - uy * 4, py - uy * 8 + ux * 4); ctx.lineTo(px - ux * 8 + uy * 4, py - uy * 8 - ux * 4);
    ctx.closePath(); ctx.fillStyle = colour; ctx.fill();
  }
  function dot(x, y, look, fill) {
    const r = Math.max(2.5, Math.min(6, state.scale * 5));
    ctx.beginPath(); ctx.rect(x - r, y - r, 2 * r, 2 * r);
    ctx.fillStyle = fill; ctx.fill(); ctx.strokeStyle = look.border; ctx.lineWidth = 1; ctx.stroke();
  }
  function roundRect(x, y, w, h, r) {
    ctx.beginPath(); ctx.moveTo(x + r, y); ctx.arcTo(x + w, y, x + w, y + h, r); ctx.arcTo(x + w, y + h, x, y + h, r);
    ctx.arcTo(x, y + h, x, y, r); ctx.arcTo(x, y, x + w, y, r); ctx.closePath();
  }
  // The diagrams' shapes, simplified: rounded (person), double outline (state), side tabs (armed group),
  // 3-D edge (military), top tab (organisation, coalition), pointed end (place, event), folded corner (media).
  function box(x, y, i, look, fill, thick) {
    const a = A[i];
    const [w, h] = boxSize(i);
    const x0 = x - w / 2, y0 = y - h / 2;
    ctx.lineWidth = thick ? 2.5 : 1.2;
    ctx.strokeStyle = look.border; ctx.fillStyle = fill;
    if (look.shape === "box3d") { ctx.beginPath(); ctx.rect(x0 + 3, y0 - 3, w, h); ctx.fill(); ctx.stroke(); }
    if (look.shape === "tab" || look.shape === "folder") { ctx.beginPath(); ctx.rect(x0 + 4, y0 - 4, 14, 4); ctx.fill(); ctx.stroke(); }
    if (look.shape === "cds" || look.shape === "rarrow") {
      ctx.beginPath(); ctx.moveTo(x0, y0); ctx.lineTo(x0 + w, y0); ctx.lineTo(x0 + w + 7, y); ctx.lineTo(x0 + w, y0 + h); ctx.lineTo(x0, y0 + h); ctx.closePath();
    } else if (look.rounded) {
      roundRect(x0, y0, w, h, 7);
    } else if (look.shape === "note") {
      ctx.beginPath(); ctx.moveTo(x0, y0); ctx.lineTo(x0 + w - 6, y0); ctx.lineTo(x0 + w, y0 + 6); ctx.lineTo(x0 + w, y0 + h); ctx.lineTo(x0, y0 + h); ctx.closePath();
    } else {
      ctx.beginPath(); ctx.rect(x0, y0, w, h);
    }
    ctx.fill(); ctx.stroke();
    if (look.double) { ctx.beginPath(); ctx.rect(x0 + 2.5, y0 + 2.5, w - 5, h - 5); ctx.stroke(); }
    if (look.shape === "component") {
      ctx.beginPath(); ctx.rect(x0 - 3, y0 + 4, 6, 4); ctx.rect(x0 - 3, y0 + h - 8, 6, 4); ctx.fill(); ctx.stroke();
    }
    ctx.fillStyle = "#111"; ctx.font = `${(12 * labelScale()).toFixed(1)}px ${FONT.slice(5)}`;
    ctx.textAlign = "center"; ctx.textBaseline = "middle";
    ctx.fillText(a.name, x, y + 0.5);
  }

  // ---------------------------------------------------------------------------------------------------
  // Hit testing, pan, zoom, drag.
  function actorAt(px, py) {
    const labels = labelsAlways || state.scale > 1.2;
    let best = -1, bestD = Infinity;
    for (let i = 0; i < A.length; i++) {
      const dx = Math.abs(sx(A[i].x) - px), dy = Math.abs(sy(A[i].y) - py);
      const [w, h] = labels ? boxSize(i) : [14, 14];
      if (dx <= w / 2 && dy <= h / 2) { const d = dx + dy; if (d < bestD) { bestD = d; best = i; } }
    }
    return best;
  }
  function relationAt(px, py) {
    let best = -1, bestD = 6;
    for (let i = 0; i < R.length; i++) {
      if (!visible[i]) continue;
      const j = i * 4;
      const x0 = sx(ends[j]), y0 = sy(ends[j + 1]), x1 = sx(ends[j + 2]), y1 = sy(ends[j + 3]);
      const dx = x1 - x0, dy = y1 - y0, l2 = dx * dx + dy * dy;
      const t = l2 ? Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / l2)) : 0;
      const d = Math.hypot(px - (x0 + t * dx), py - (y0 + t * dy));
      if (d < bestD) { bestD = d; best = i; }
    }
    return best;
  }
  let drag = null;
  canvas.addEventListener("pointerdown", (e) => {
    const box = canvas.getBoundingClientRect();
    const px = e.clientX - box.left, py = e.clientY - box.top;
    const hit = actorAt(px, py);
    drag = { px, py, moved: false, actor: hit, tx: state.tx, ty: state.ty };
    canvas.setPointerCapture(e.pointerId);
  });
  canvas.addEventListener("pointermove", (e) => {
    if (!drag) return;
    const box = canvas.getBoundingClientRect();
    const px = e.clientX - box.left, py = e.clientY - box.top;
    if (Math.abs(px - drag.px) + Math.abs(py - drag.py) > 3) drag.moved = true;
    if (!drag.moved) return;
    if (drag.actor >= 0) { A[drag.actor].x = (px - state.tx) / state.scale; A[drag.actor].y = (py - state.ty) / state.scale; }
    else { state.tx = drag.tx + px - drag.px; state.ty = drag.ty + py - drag.py; }
    requestDraw();
  });
  canvas.addEventListener("pointerup", (e) => {
    if (!drag) return;
    const d = drag; drag = null;
    if (d.moved) return;
    const box = canvas.getBoundingClientRect();
    const px = e.clientX - box.left, py = e.clientY - box.top;
    if (d.actor >= 0) { openActor(d.actor); return; }
    const r = relationAt(px, py);
    if (r >= 0) openRelation(r); else closePanel();
  });
  canvas.addEventListener("wheel", (e) => {
    e.preventDefault();
    const box = canvas.getBoundingClientRect();
    zoom(Math.exp(-e.deltaY * 0.0015), e.clientX - box.left, e.clientY - box.top);
  }, { passive: false });
  function zoom(f, cx, cy) {
    const s = Math.max(0.01, Math.min(20, state.scale * f));
    state.tx = cx - (cx - state.tx) * s / state.scale; state.ty = cy - (cy - state.ty) * s / state.scale;
    state.scale = s; requestDraw();
  }
  canvas.addEventListener("keydown", (e) => {
    const step = 60;
    const keys = {
      ArrowLeft: () => { state.tx += step; }, ArrowRight: () => { state.tx -= step; },
      ArrowUp: () => { state.ty += step; }, ArrowDown: () => { state.ty -= step; },
      "+": () => zoom(1.25, width / 2, height / 2), "=": () => zoom(1.25, width / 2, height / 2),
      "-": () => zoom(0.8, width / 2, height / 2), "0": fit,
      Enter: () => {
        let best = -1, bestD = Infinity;
        A.forEach((a, i) => { const d = Math.hypot(sx(a.x) - width / 2, sy(a.y) - height / 2); if (d < bestD) { bestD = d; best = i; } });
        if (best >= 0) openActor(best);
      },
    };
    if (keys[e.key]) { e.preventDefault(); keys[e.key](); requestDraw(); }
  });

  // ---------------------------------------------------------------------------------------------------
  // Panels.
  const panel = $("panel"), body = $("panel-body");
  let returnFocus = null;
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "onclick") node.addEventListener("click", v); else node.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) node.append(c);
    return node;
  }
  const text = (s) => document.createTextNode(s);
  function actorButton(i) { return el("button", { type: "button", class: "link", dir: "auto", onclick: () => openActor(i) }, A[i].name); }
  function relationButton(i) { return el("button", { type: "button", class: "link", dir: "auto", onclick: () => openRelation(i) }, R[i].text); }
  function dates(r) { return r.date ? (r.until ? `${r.date} – ${r.until}` : r.date) : (r.until ? `until ${r.until}` : "undated"); }
  // Unknown confidence stays unknown: shown as a dash, never as a number.
  function confidenceText(r) { return typeof r.confidence === "number" ? r.confidence.toFixed(2) : "\u2013 (unknown)"; }
  // "3 sources, 2 independent": the count every command gives (relays and shared origins count once).
  function sourcesText(r) {
    const n = r.sources.length;
    return (n === 1 ? "1 source" : `${n} sources`) + (n ? `, ${r.independent_sources} independent` : "");
  }
  // Who denies a relation, each a button to their panel when they are drawn.
  function deniers(r) {
    const out = [];
    r.denied_by.forEach((d, k) => {
      if (k) out.push(text(", "));
      out.push(d.actor !== null ? actorButton(d.actor) : el("span", { dir: "auto" }, d.name));
    });
    return out;
  }
  function facts(r) {
    const parts = [dates(r), `grade ${r.grade}`, `confidence ${confidenceText(r)}`, sourcesText(r)];
    const line = el("span", { class: "facts" }, parts.join(" · "));
    if (!r.denied_by.length) return line;
    return el("span", {}, line, text(" "), el("span", { class: "denied-by" }, el("span", { class: "denied" }, "denied by "), ...deniers(r)));
  }
  function sourceItem(s) {
    const src = S[s];
    const bits = [];
    const title = src.title ? `“${src.title}”` : src.id;
    if (src.url && /^https?:\/\//i.test(src.url)) bits.push(el("a", { href: src.url, rel: "noopener noreferrer", target: "_blank", dir: "auto" }, title));
    else bits.push(el("span", { dir: "auto" }, title));
    const more = [src.publisher, src.date, src.reliability ? `reliability ${src.reliability}` : null].filter(Boolean).join(", ");
    if (more) bits.push(text(` — ${more}`));
    return el("li", {}, ...bits);
  }
  function sourceList(list) {
    if (!list.length) return el("p", { class: "meta" }, "No source given.");
    return el("ul", { class: "srcs" }, ...list.map(sourceItem));
  }
  function statementList(claim) {
    const items = about[claim].map((s) => {
      const k = K[R[s].kind].name;
      return el("li", {}, el("span", { class: k === "denies" ? "denied" : "reported" }, `${k} `), actorButton(R[s].from),
        text(" "), el("span", { class: "facts" }, `(${dates(R[s])}, grade ${R[s].grade}, ${sourcesText(R[s])})`),
        text(" "), el("button", { type: "button", class: "link", onclick: () => openRelation(s) }, "evidence"));
    });
    return items.length ? el("ul", { class: "stmts" }, ...items) : null;
  }
  function relationItem(i) {
    return el("li", {}, relationButton(i), el("br"), facts(R[i]), sourceList(R[i].sources), statementList(i));
  }
  const MAX_ROWS = 200;
  function relationSection(title, list) {
    const section = [el("h3", {}, `${title} (${list.length})`)];
    if (!list.length) return section;
    section.push(el("ul", { class: "rels" }, ...list.slice(0, MAX_ROWS).map(relationItem)));
    if (list.length > MAX_ROWS) section.push(el("p", { class: "meta" }, `and ${list.length - MAX_ROWS} more: run \`actorgraph show ${A[R[list[0]].from].id}\` for all of them.`));
    return section;
  }
  function dl(pairs) {
    const items = [];
    for (const [k, v] of pairs) if (v !== null && v !== undefined && v !== "") items.push(el("dt", {}, k), el("dd", { dir: "auto" }, v));
    return items.length ? el("dl", {}, ...items) : null;
  }
  function show(nodes, selected) {
    // Escape gives the focus back to where the panel was opened from (the canvas, the search box, a view),
    // not to where a link inside the panel moved it.
    if (!panel.contains(document.activeElement)) returnFocus = document.activeElement;
    state.selected = selected;
    body.replaceChildren(...nodes.flat().filter(Boolean));
    panel.hidden = false;
    panel.focus();
    resize();
  }
  function openActor(i) {
    const a = A[i];
    const attrs = Object.entries(a.attrs);
    const sources = new Set();
    [...outOf[i], ...inTo[i]].forEach((r) => R[r].sources.forEach((s) => sources.add(s)));
    show([
      el("h2", { id: "panel-title", dir: "auto" }, a.name),
      el("p", { class: "meta" }, `${D.looks[a.look].legend === "other" ? (a.kind || "no kind") : D.looks[a.look].legend} · id ${a.id}`),
      a.aliases.length ? el("p", {}, el("strong", {}, "Also: "), el("span", { dir: "auto" }, a.aliases.join(" · "))) : null,
      a.tags.length ? el("p", {}, ...a.tags.map((t) => el("span", { class: "tag" }, t))) : null,
      dl(attrs),
      a.bloc !== null ? el("p", {}, `Alliance bloc ${a.bloc + 1}`) : null,
      relationSection("Relations out", outOf[i]),
      relationSection("Relations in", inTo[i]),
      el("h3", {}, `Sources (${sources.size})`),
      sourceList([...sources].sort((x, y) => x - y)),
    ], { type: "actor", index: i });
  }
  function openRelation(i) {
    const r = R[i];
    const claim = contestedClaim.get(i);
    show([
      el("h2", { id: "panel-title", dir: "auto" }, r.text),
      el("p", { class: "meta" }, `${K[r.kind].name} (${K[r.kind].sign}) · id ${r.id}`),
      el("p", {}, actorButton(r.from), text(" → "), r.to !== null ? actorButton(r.to) : relationButton(r.about)),
      dl([["Dates", dates(r)], ["Grade", r.grade], ["Confidence", confidenceText(r)],
        ["Independent sources", `${r.independent_sources} of ${r.sources.length}`],
        ["Denied by", r.denied_by.length ? el("span", {}, ...deniers(r)) : null], ["Note", r.note],
        ...Object.entries(r.attrs), ["Bloc", r.frustrated ? "breaks the bloc partition" : null]]),
      el("h3", {}, `Sources (${r.sources.length})`),
      sourceList(r.sources),
      claim ? el("h3", {}, `Denied by (${claim.denied_by.length})`) : null,
      claim ? el("ul", { class: "stmts" }, ...claim.denied_by.map((s) => el("li", {}, relationButton(s), el("br"), facts(R[s]), sourceList(R[s].sources)))) : null,
      claim ? el("h3", {}, `Reported or claimed by (${claim.reported_by.length})`) : null,
      claim ? el("ul", { class: "stmts" }, ...claim.reported_by.map((s) => el("li", {}, relationButton(s), el("br"), facts(R[s]), sourceList(R[s].sources)))) : null,
      !claim && about[i].length ? el("h3", {}, `What is said about it (${about[i].length})`) : null,
      !claim ? statementList(i) : null,
    ], { type: "relation", index: i });
  }
  function openContested() {
    show([
      el("h2", { id: "panel-title" }, `Contested claims (${D.contested.length})`),
      el("p", { class: "meta" }, "Relations some actor denies, with who reports and who denies them."),
      D.contested.length ? el("ul", { class: "rels" }, ...D.contested.map((c) => el("li", {}, relationButton(c.claim), el("br"), facts(R[c.claim]),
        el("ul", { class: "stmts" }, ...c.denied_by.map((s) => el("li", {}, el("span", { class: "denied" }, "denied by "), actorButton(R[s].from), text(` (${dates(R[s])})`))),
          ...c.reported_by.map((s) => el("li", {}, el("span", { class: "reported" }, `${K[R[s].kind].name} `), actorButton(R[s].from), text(` (${dates(R[s])})`))))))) : el("p", {}, "No claim is denied in this network."),
    ], null);
  }
  function openBlocs() {
    const b = D.blocs;
    const frustrated = R.map((r, i) => (r.frustrated ? i : -1)).filter((i) => i >= 0);
    show([
      el("h2", { id: "panel-title" }, `Alliance blocs (${b.blocs.length})`),
      b.note ? el("p", {}, b.note) : el("p", { class: "meta" }, `Found by ${b.method}; ${(b.frustration * 100).toFixed(1)} % of the signed ties break the partition (dashed black).`),
      ...b.blocs.map((members, n) => [el("h3", {}, el("span", { class: "box", style: `background:${BLOC_COLOURS[n % BLOC_COLOURS.length]};border-color:#333` }), `Bloc ${n + 1} (${members.length})`),
        el("p", {}, ...members.slice(0, MAX_ROWS).flatMap((m, k) => (k ? [text(", "), actorButton(m)] : [actorButton(m)])), members.length > MAX_ROWS ? text(` and ${members.length - MAX_ROWS} more`) : null)]).flat(),
      el("h3", {}, `Relations that break it (${frustrated.length})`),
      el("ul", { class: "rels" }, ...frustrated.slice(0, MAX_ROWS).map((i) => el("li", {}, relationButton(i)))),
    ], null);
  }
  function closePanel() {
    panel.hidden = true; state.selected = null; resize();
    if (returnFocus) returnFocus.focus();
  }
  $("close").addEventListener("click", closePanel);
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !panel.hidden && document.activeElement !== searchBox) { e.preventDefault(); closePanel(); }
    if (e.key === "/" && document.activeElement !== searchBox && !/^(INPUT|TEXTAREA)$/.test(document.activeElement.tagName)) { e.preventDefault(); searchBox.focus(); }
  });

  // ---------------------------------------------------------------------------------------------------
  // Search box (a combobox: arrows move through the matches, Enter opens one, Escape clears).
  const searchBox = $("search"), list = $("matches");
  let matches = [], active = 0;
  function renderMatches() {
    list.replaceChildren(...matches.map((m, k) => {
      const li = el("li", { role: "option", id: `match-${k}`, "aria-selected": String(k === active), dir: "auto" }, A[m.actor].name, el("span", { class: "id" }, A[m.actor].id));
      li.addEventListener("mousedown", (e) => { e.preventDefault(); choose(k); });
      return li;
    }));
    const open = matches.length > 0;
    list.hidden = !open;
    searchBox.setAttribute("aria-expanded", String(open));
    if (open) searchBox.setAttribute("aria-activedescendant", `match-${active}`); else searchBox.removeAttribute("aria-activedescendant");
  }
  function choose(k) {
    const m = matches[k];
    if (!m) return;
    matches = []; renderMatches();
    searchBox.focus();
    openActor(m.actor);
    centreOn(m.actor);
  }
  function centreOn(i) {
    state.tx = width / 2 - A[i].x * state.scale; state.ty = height / 2 - A[i].y * state.scale; requestDraw();
  }
  searchBox.addEventListener("input", () => { matches = find(searchBox.value); active = 0; renderMatches(); });
  searchBox.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" && matches.length) { e.preventDefault(); active = (active + 1) % matches.length; renderMatches(); }
    else if (e.key === "ArrowUp" && matches.length) { e.preventDefault(); active = (active + matches.length - 1) % matches.length; renderMatches(); }
    else if (e.key === "Enter") { e.preventDefault(); if (!matches.length) matches = find(searchBox.value); if (matches.length) choose(active); else { $("status").textContent = `No actor matches “${searchBox.value}”.`; } }
    else if (e.key === "Escape") { matches = []; renderMatches(); }
  });
  searchBox.addEventListener("blur", () => { matches = []; renderMatches(); });

  // ---------------------------------------------------------------------------------------------------
  // Controls.
  const time = $("time");
  time.max = String(D.dates.length);
  time.value = String(D.dates.length);
  time.setAttribute("aria-valuetext", "all dates");
  time.disabled = D.dates.length === 0;
  function setDate(v) {
    const n = Number(v);
    state.date = n >= D.dates.length ? null : n;
    time.setAttribute("aria-valuetext", state.date === null ? "all dates" : D.dates[state.date].label);
    recompute();
  }
  time.addEventListener("input", () => setDate(time.value));
  time.addEventListener("change", () => setDate(time.value));
  $("all-dates").addEventListener("click", () => { time.value = String(D.dates.length); setDate(time.value); });
  for (const sign of ["positive", "negative", "neutral"]) {
    const box = el("input", { type: "checkbox", checked: "", value: sign });
    box.addEventListener("change", () => { state.signs[sign] = box.checked; recompute(); });
    $("signs").append(el("label", {}, box, sign));
  }
  K.forEach((k, n) => {
    const box = el("input", { type: "checkbox", checked: "", value: k.name });
    box.addEventListener("change", () => { state.kinds[n] = box.checked; recompute(); });
    $("kinds").append(el("label", { title: `${k.description} — ${k.meaning}` }, box, el("span", { class: `swatch ${k.line}`, style: `border-top-color:${k.color}` }), k.name));
  });
  // The line widths: confidence in quarters, and a thin dotted line where the dataset gives none.
  const usedBands = new Set(R.map(bandOf));
  [[1, "under 0.25"], [2, "0.25 – 0.5"], [3, "0.5 – 0.75"], [4, "0.75 – 1"], [0, "unknown (dotted)"]].forEach(([band, label]) => {
    if (usedBands.has(band)) $("widths").append(el("li", {}, el("span", { class: `swatch${band === 0 ? " dotted" : ""}`, style: `border-top-width:${Math.max(1, BAND_WIDTH[band]).toFixed(1)}px;border-top-color:#555` }), label));
  });
  const usedLooks = new Set(A.map((a) => a.look));
  D.looks.forEach((l, n) => { if (usedLooks.has(n)) $("looks").append(el("li", {}, el("span", { class: "box", style: `background:${l.fill};border-color:${l.border};border-radius:${l.rounded ? "5px" : "0"}` }), l.legend)); });
  document.querySelectorAll('input[name="view"]').forEach((radio) => radio.addEventListener("change", () => {
    state.view = radio.value;
    if (state.view === "contested") openContested(); else if (state.view === "blocs") openBlocs(); else requestDraw();
    requestDraw();
  }));
  if (D.cut) { $("cut").hidden = false; $("cut").textContent = D.cut; }
  $("about").textContent = `Made by actorgraph explore from ${D.files.join(", ")}` +
    (D.filters.length ? ` (filters: ${D.filters.join(", ")})` : "") +
    `. ${D.actors_total} actors and ${D.relations_total} relations; layout ${D.layout}. ` +
    "Works offline: everything is in this one file, and it loads nothing from the network. Drawn with the page's own script (no third-party library).";
  window.addEventListener("resize", resize);

  // For the browser tests and for measuring: nothing here is needed to use the page.
  window.explorer = {
    normalize, skeleton, find, stats,
    dates: D.dates.map((d) => d.label),
    visibleRelationIds: () => R.filter((r, i) => visible[i]).map((r) => r.id),
    // A point on the relation's line that a click would pick (not under an actor, nearest to this line).
    screenPointOfRelation(id) {
      const i = R.findIndex((r) => r.id === id); if (i < 0) return null;
      computeEnds(); const j = i * 4; const box = canvas.getBoundingClientRect();
      // Away from the middle, where statements about the relation end.
      for (const t of [0.3, 0.7, 0.25, 0.75, 0.35, 0.65, 0.2, 0.8, 0.4, 0.6, 0.15, 0.85]) {
        const px = Math.round(sx(ends[j] + t * (ends[j + 2] - ends[j]))), py = Math.round(sy(ends[j + 1] + t * (ends[j + 3] - ends[j + 1])));
        const near = [[0, 0], [1, 0], [-1, 0], [0, 1], [0, -1]].every(([dx, dy]) => actorAt(px + dx, py + dy) < 0 && relationAt(px + dx, py + dy) === i);
        if (near) return { x: box.left + px, y: box.top + py };
      }
      return null;
    },
    keys: () => A.map((a) => ({ id: a.id, names: [a.id, a.name, ...a.aliases], keys: a.keys, skeletons: a.skeletons })),
    // How a relation's line is stroked: its confidence band (0: not given), width and dash pattern.
    lineStyle(id) {
      const i = R.findIndex((r) => r.id === id); if (i < 0) return null;
      const band = bandOf(R[i]);
      return { band, width: BAND_WIDTH[band], dash: band === 0 ? UNKNOWN_DASH : dashOf(K[R[i].kind].line) };
    },
    redraw: () => new Promise((done) => { requestDraw(); requestAnimationFrame(() => done(stats.lastFrameMs)); }),
  };
  resize();
  fit();
  recompute();
})();
