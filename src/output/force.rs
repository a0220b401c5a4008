//! The steps of a force-directed layout that the SVG fallback of `dot` and the explorer's built-in layout
//! share: springs along links, moves capped by a cooling temperature, and pushing apart boxes that overlap.
//! Each caller keeps its own repulsion (all pairs for a small diagram, a grid for thousands of actors).

/// Adds the spring force between `a` and `b` (Fruchterman–Reingold attraction `d²/k`) to their shifts.
pub(crate) fn attract(pos: &[(f64, f64)], shift: &mut [(f64, f64)], (a, b): (usize, usize), k: f64) {
    let (dx, dy) = (pos[a].0 - pos[b].0, pos[a].1 - pos[b].1);
    let d = (dx * dx + dy * dy).sqrt().max(0.5);
    let force = d * d / k;
    shift[a].0 -= dx / d * force;
    shift[a].1 -= dy / d * force;
    shift[b].0 += dx / d * force;
    shift[b].1 += dy / d * force;
}

/// Moves `p` along `s`, at most `temperature` far.
pub(crate) fn move_capped(p: &mut (f64, f64), s: (f64, f64), temperature: f64) {
    let length = (s.0 * s.0 + s.1 * s.1).sqrt();
    if length > 0.0 {
        let moved = length.min(temperature);
        p.0 += s.0 / length * moved;
        p.1 += s.1 / length * moved;
    }
}

/// Pushes apart boxes (`sizes`, centred at `pos`) closer than `gap`, along the axis where they overlap least,
/// for at most `passes` passes. O(n²) per pass.
pub(crate) fn separate(pos: &mut [(f64, f64)], sizes: &[(f64, f64)], gap: f64, passes: usize) {
    let n = pos.len();
    for _ in 0..passes {
        let mut moved = false;
        for i in 0..n {
            for j in (i + 1)..n {
                let overlap_x = (sizes[i].0 + sizes[j].0) / 2.0 + gap - (pos[i].0 - pos[j].0).abs();
                let overlap_y = (sizes[i].1 + sizes[j].1) / 2.0 + gap - (pos[i].1 - pos[j].1).abs();
                if overlap_x > 0.0 && overlap_y > 0.0 {
                    moved = true;
                    if overlap_x < overlap_y {
                        let push = if pos[i].0 < pos[j].0 { -overlap_x / 2.0 } else { overlap_x / 2.0 };
                        pos[i].0 += push;
                        pos[j].0 -= push;
                    } else {
                        let push = if pos[i].1 < pos[j].1 { -overlap_y / 2.0 } else { overlap_y / 2.0 };
                        pos[i].1 += push;
                        pos[j].1 -= push;
                    }
                }
            }
        }
        if !moved {
            break;
        }
    }
}
