//! Bar charts drawn on the server as SVG: no script, no chart framework,
//! readable when printed. Each chart comes with its figures as a table
//! (the page shows it under the chart), so nothing is said by the picture
//! alone.

/// One bar: its place in the chart's coordinates, and what it says.
pub struct Bar {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    /// Where the value's text goes.
    pub text_x: f64,
    pub text_y: f64,
    /// The value, as written at the bar.
    pub value: String,
    /// The category, as written under or beside it.
    pub label: String,
    pub label_x: f64,
    pub label_y: f64,
    /// A second series (drawn lighter), for paired bars.
    pub second: bool,
}

/// A chart's frame and bars.
pub struct Chart {
    pub width: f64,
    pub height: f64,
    pub bars: Vec<Bar>,
    /// Grid lines: (y, label) for columns; (x, label) for rows.
    pub grid: Vec<(f64, String)>,
    /// Whether the bars lie (rows) or stand (columns).
    pub rows: bool,
    /// The plot's left edge and baseline, for the grid's extent.
    pub left: f64,
    pub bottom: f64,
}

/// Columns of percentages (0–100), one per label: the on-time rate by month.
pub fn percent_columns(points: &[(String, Option<f64>)]) -> Chart {
    let (left, top, bottom) = (36.0, 16.0, 176.0);
    let step = 44.0;
    let width = left + step * points.len().max(1) as f64 + 8.0;
    let scale = (bottom - top) / 100.0;
    let bars = points
        .iter()
        .enumerate()
        .map(|(i, (label, value))| {
            let v = value.unwrap_or(0.0).clamp(0.0, 100.0);
            let x = left + step * i as f64 + 8.0;
            let height = v * scale;
            Bar {
                x,
                y: bottom - height,
                width: step - 16.0,
                height,
                text_x: x + (step - 16.0) / 2.0,
                text_y: (bottom - height - 4.0).max(top - 4.0),
                value: value.map_or_else(|| "–".to_owned(), |v| format!("{v:.0}")),
                label: label.clone(),
                label_x: x + (step - 16.0) / 2.0,
                label_y: bottom + 16.0,
                second: false,
            }
        })
        .collect();
    let grid = [0.0, 50.0, 100.0]
        .into_iter()
        .map(|p| (bottom - p * scale, format!("{p:.0}%")))
        .collect();
    Chart {
        width,
        height: bottom + 24.0,
        bars,
        grid,
        rows: false,
        left,
        bottom,
    }
}

/// Rows of counts, one or two per label (the second drawn lighter): late
/// dossiers by unit; apologies owed and issued by unit.
pub fn count_rows(rows: &[(String, u64, Option<u64>)]) -> Chart {
    let (left, width) = (200.0, 560.0);
    let paired = rows.iter().any(|(_, _, second)| second.is_some());
    let band = if paired { 40.0 } else { 26.0 };
    let most = rows
        .iter()
        .map(|(_, a, b)| (*a).max(b.unwrap_or(0)))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let scale = (width - left - 48.0) / most;
    let mut bars = Vec::new();
    for (i, (label, first, second)) in rows.iter().enumerate() {
        let y = 8.0 + band * i as f64;
        let thick = if paired { 14.0 } else { 18.0 };
        for (j, value) in [Some(*first), *second].into_iter().enumerate() {
            let Some(value) = value else { continue };
            let w = value as f64 * scale;
            let top = y + thick * j as f64;
            bars.push(Bar {
                x: left,
                y: top,
                width: w,
                height: thick - 2.0,
                text_x: left + w + 4.0,
                text_y: top + thick - 5.0,
                value: value.to_string(),
                label: if j == 0 { label.clone() } else { String::new() },
                label_x: left - 8.0,
                label_y: y + thick - 4.0,
                second: j == 1,
            });
        }
    }
    let bottom = 8.0 + band * rows.len().max(1) as f64;
    Chart {
        width,
        height: bottom + 8.0,
        bars,
        grid: vec![(left, "0".to_owned())],
        rows: true,
        left,
        bottom,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_stand_on_the_baseline_in_proportion_and_say_their_value() {
        let chart = percent_columns(&[
            ("T1".into(), Some(100.0)),
            ("T2".into(), Some(50.0)),
            ("T3".into(), None),
        ]);
        assert_eq!(chart.bars.len(), 3);
        let (full, half, none) = (&chart.bars[0], &chart.bars[1], &chart.bars[2]);
        assert!((full.height - 2.0 * half.height).abs() < 1e-9);
        assert!((full.y + full.height - chart.bottom).abs() < 1e-9);
        assert_eq!(none.height, 0.0);
        assert_eq!(none.value, "–");
        assert_eq!(half.value, "50");
    }

    #[test]
    fn rows_are_as_long_as_their_counts_and_pairs_share_a_band() {
        let chart = count_rows(&[("A".into(), 4, Some(2)), ("B".into(), 2, None)]);
        assert_eq!(chart.bars.len(), 3);
        assert!((chart.bars[0].width - 2.0 * chart.bars[1].width).abs() < 1e-9);
        assert!(chart.bars[1].second && !chart.bars[0].second);
        assert!((chart.bars[2].width - chart.bars[1].width).abs() < 1e-9);
    }
}
