//! Icons: the Lucide set (ISC licence), from the `icondata_lu` package, inlined as SVG — no font,
//! no request, no script. An icon is always decorative (`aria-hidden`): a text beside it, visible
//! or for screen readers only, says what it means.

use icondata_core::IconData;

/// The icons the pages use, by the name templates give (`ui.icon("planning")`).
const ICONS: &[(&str, &IconData)] = &[
    ("home", icondata_lu::LuHouse),
    ("practice", icondata_lu::LuLifeBuoy),
    ("guide", icondata_lu::LuBookOpen),
    ("privacy", icondata_lu::LuShieldCheck),
    ("training", icondata_lu::LuGraduationCap),
    ("help", icondata_lu::LuCircleHelp),
    ("round", icondata_lu::LuRoute),
    ("patients", icondata_lu::LuUsers),
    ("planning", icondata_lu::LuCalendarRange),
    ("messages", icondata_lu::LuMessageSquare),
    ("admin", icondata_lu::LuSettings),
    ("account", icondata_lu::LuCircleUser),
    ("sign-out", icondata_lu::LuLogOut),
    ("bell", icondata_lu::LuBell),
    ("previous", icondata_lu::LuChevronLeft),
    ("next", icondata_lu::LuChevronRight),
    ("add", icondata_lu::LuPlus),
    ("visio", icondata_lu::LuVideo),
    ("documents", icondata_lu::LuFileText),
    ("folder", icondata_lu::LuFolder),
    ("trash", icondata_lu::LuTrash2),
    ("history", icondata_lu::LuHistory),
    ("tasks", icondata_lu::LuListChecks),
    ("telework", icondata_lu::LuLaptop),
    ("qvct", icondata_lu::LuHeartPulse),
    ("time", icondata_lu::LuClock),
    ("warning", icondata_lu::LuTriangleAlert),
    ("done", icondata_lu::LuCheck),
    ("close", icondata_lu::LuX),
    ("undo", icondata_lu::LuUndo2),
    ("move", icondata_lu::LuMove),
    ("collapse", icondata_lu::LuPanelLeft),
    ("optimise", icondata_lu::LuWandSparkles),
    ("lock", icondata_lu::LuLock),
    ("link", icondata_lu::LuLink),
    ("place", icondata_lu::LuMapPin),
    ("travel", icondata_lu::LuCar),
    ("person", icondata_lu::LuUser),
    ("phone", icondata_lu::LuPhone),
    ("chart", icondata_lu::LuChartLine),
    ("idea", icondata_lu::LuLightbulb),
    ("send", icondata_lu::LuSend),
    ("attach", icondata_lu::LuPaperclip),
    ("bold", icondata_lu::LuBold),
    ("italic", icondata_lu::LuItalic),
    ("mention", icondata_lu::LuAtSign),
    ("react", icondata_lu::LuSmile),
    ("thread", icondata_lu::LuMessagesSquare),
    ("hang-up", icondata_lu::LuPhoneOff),
    ("care", icondata_lu::LuStethoscope),
    ("download", icondata_lu::LuDownload),
    ("print", icondata_lu::LuPrinter),
    ("copy", icondata_lu::LuCopy),
    ("day", icondata_lu::LuCalendar),
    ("week", icondata_lu::LuCalendarDays),
    ("info", icondata_lu::LuInfo),
    ("inbox", icondata_lu::LuInbox),
    ("more", icondata_lu::LuEllipsis),
    ("reply", icondata_lu::LuReply),
    ("code", icondata_lu::LuCode),
    ("list", icondata_lu::LuList),
    ("back", icondata_lu::LuArrowLeft),
    ("invite", icondata_lu::LuUserPlus),
    ("upload", icondata_lu::LuUpload),
    ("language", icondata_lu::LuGlobe),
    ("security", icondata_lu::LuShieldCheck),
    ("channel", icondata_lu::LuHash),
    ("pin", icondata_lu::LuPin),
    ("sun", icondata_lu::LuSun),
    ("protocols", icondata_lu::LuBookOpenCheck),
    ("star", icondata_lu::LuStar),
];

/// The names known to `svg`, for the design page.
pub fn names() -> impl Iterator<Item = &'static str> {
    ICONS.iter().map(|(name, _)| *name)
}

/// The icon as inline SVG markup (empty for an unknown name; a test keeps templates to known names).
pub fn svg(name: &str) -> String {
    let Some((_, icon)) = ICONS.iter().find(|(known, _)| *known == name) else {
        return String::new();
    };
    format!(
        r#"<svg class="icon" aria-hidden="true" focusable="false" viewBox="{}" fill="{}" stroke="{}" stroke-width="{}" stroke-linecap="{}" stroke-linejoin="{}">{}</svg>"#,
        icon.view_box.unwrap_or("0 0 24 24"),
        icon.fill.unwrap_or("none"),
        icon.stroke.unwrap_or("currentColor"),
        icon.stroke_width.unwrap_or("2"),
        icon.stroke_linecap.unwrap_or("round"),
        icon.stroke_linejoin.unwrap_or("round"),
        icon.data.replace('\n', ""),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_icon_a_template_names_is_known() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
        let mut used = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for piece in text.split("icon(\"").skip(1) {
                let name = piece.split('"').next().unwrap();
                assert!(names().any(|known| known == name), "unknown icon {name:?}");
                used += 1;
            }
        }
        assert!(used > 10, "templates use icons");
    }

    #[test]
    fn an_icon_is_decorative_svg() {
        let markup = svg("home");
        assert!(markup.starts_with("<svg class=\"icon\" aria-hidden=\"true\""));
        assert!(markup.contains("<path"));
        assert_eq!(svg("no-such-icon"), "");
    }
}
