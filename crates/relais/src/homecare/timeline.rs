//! The geometry of the planning timeline: an axis of whole hours cut in five-minute steps, and
//! the classes that place a visit on it. The page's Content-Security-Policy forbids inline styles,
//! so positions are classes (`tl-s…` first step, `tl-w…` steps long) from a stylesheet generated
//! once; they set custom properties, which the week's bars use as columns and the day's lanes as
//! rows.

use std::sync::LazyLock;

/// Minutes per column.
pub const STEP: i64 = 5;
const COLUMNS_PER_HOUR: i64 = 60 / STEP;
const DAY_COLUMNS: i64 = 24 * COLUMNS_PER_HOUR;

/// The hours a timeline shows, `first_hour` included, `hours` long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Axis {
    pub first_hour: i64,
    pub hours: i64,
}

impl Axis {
    /// The smallest axis holding every span (start minute, end minute of the local day), and at
    /// least 07:00–19:00 so that days of a week line up.
    pub fn around(spans: impl IntoIterator<Item = (i64, i64)>) -> Axis {
        let (mut first, mut last) = (7 * 60, 19 * 60);
        for (start, end) in spans {
            first = first.min(start.clamp(0, 24 * 60));
            last = last.max(end.clamp(0, 24 * 60));
        }
        let first_hour = first / 60;
        let last_hour = (last + 59) / 60;
        Axis { first_hour, hours: (last_hour - first_hour).max(1) }
    }

    /// The class of the grid: as many columns (or rows) as five-minute steps.
    pub fn grid_class(&self) -> String {
        format!("tl-grid tl-h{}", self.hours)
    }

    /// The classes placing `minutes` long from `start` (minute of the day), clipped to the axis.
    pub fn place(&self, start: i64, minutes: i64) -> String {
        let columns = self.hours * COLUMNS_PER_HOUR;
        let first = ((start - self.first_hour * 60) / STEP).clamp(0, columns - 1);
        let width = ((minutes + STEP - 1) / STEP).clamp(1, columns - first);
        format!("tl-s{} tl-w{}", first + 1, width)
    }

    /// Each hour's label ("08:00") and its place, for the axis above the lanes.
    pub fn hour_marks(&self) -> Vec<(String, String)> {
        (0..self.hours)
            .map(|h| {
                let hour = self.first_hour + h;
                (format!("{hour:02}:00"), self.place(hour * 60, 60))
            })
            .collect()
    }
}

/// The generated part of planning.css: grids of 1 to 24 hours, start and width classes.
pub fn stylesheet() -> &'static str {
    static SHEET: LazyLock<String> = LazyLock::new(|| {
        let mut css = String::with_capacity(24 * 1024);
        for hours in 1..=24 {
            css.push_str(&format!(".tl-h{hours}{{--steps:{}}}\n", hours * COLUMNS_PER_HOUR));
        }
        for column in 1..=DAY_COLUMNS {
            css.push_str(&format!(".tl-s{column}{{--s:{column}}}.tl-w{column}{{--w:{column}}}\n"));
        }
        css
    });
    &SHEET
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axis_holds_every_visit_and_the_usual_day() {
        assert_eq!(Axis::around([]), Axis { first_hour: 7, hours: 12 });
        let axis = Axis::around([(6 * 60 + 40, 7 * 60 + 10), (20 * 60, 21 * 60 + 5)]);
        assert_eq!(axis, Axis { first_hour: 6, hours: 16 });
    }

    #[test]
    fn a_visit_is_placed_in_five_minute_columns() {
        let axis = Axis { first_hour: 7, hours: 12 };
        assert_eq!(axis.place(7 * 60, 30), "tl-s1 tl-w6");
        assert_eq!(axis.place(8 * 60 + 10, 25), "tl-s15 tl-w5");
        // Clipped to the axis on both ends.
        assert_eq!(axis.place(6 * 60, 30), "tl-s1 tl-w6");
        assert_eq!(axis.place(18 * 60 + 50, 60), "tl-s143 tl-w2");
    }

    #[test]
    fn the_stylesheet_has_every_class_the_axis_gives() {
        let css = stylesheet();
        for class in ["tl-h24{", "tl-s288{", "tl-w288{", "tl-s1{"] {
            assert!(css.contains(class), "{class}");
        }
    }
}
