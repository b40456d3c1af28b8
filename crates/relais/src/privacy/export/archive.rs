//! The archive: `data.json` (everything, machine-readable), `index.html` (the same, readable in
//! any browser, offline) and the files under `files/`.

use std::io::{Cursor, Write};

use serde_json::{Map, Value};
use zip::write::SimpleFileOptions;

use super::collect::Collected;
use crate::i18n::Lang;

/// What the summary needs to speak to its reader.
pub struct Reader<'a> {
    pub lang: Lang,
    pub time_zone: &'a str,
    pub name: &'a str,
    pub generated_at: i64,
}

/// The ZIP's bytes.
pub fn write(collected: &Collected, reader: &Reader<'_>) -> anyhow::Result<Vec<u8>> {
    let mut sections = Map::new();
    for section in &collected.sections {
        sections.insert(section.key.to_string(), section.data.clone());
    }
    let left_out: Vec<Value> = collected
        .left_out
        .iter()
        .map(|(name, size)| serde_json::json!({ "name": name, "size_bytes": size }))
        .collect();
    let data = serde_json::json!({
        "format": "relais-personal-data/1",
        "generated_at": reader.generated_at,
        "sections": sections,
        "files_left_out": left_out,
    });
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("data.json", options)?;
    zip.write_all(serde_json::to_string_pretty(&data)?.as_bytes())?;
    zip.start_file("index.html", options)?;
    zip.write_all(summary(collected, reader).as_bytes())?;
    for file in &collected.files {
        zip.start_file(file.path.as_str(), options)?;
        zip.write_all(&file.bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}\
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ccd}\
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccd;padding:.25rem .5rem;text-align:left;vertical-align:top}\
th{background:#f2f4f8;font-weight:600}.none{color:#555}";

/// The readable summary: one heading per section, its data as nested tables.
pub fn summary(collected: &Collected, reader: &Reader<'_>) -> String {
    let lang = reader.lang;
    let mut html = format!(
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">\
         <title>{}</title><style>{STYLE}</style></head><body><h1>{}</h1><p>{}</p>",
        lang.code(),
        escape(&lang.t("privacy-export-title")),
        escape(&lang.t_with("privacy-export-heading", &[("name", reader.name.to_string())])),
        escape(&lang.t_with(
            "privacy-export-generated",
            &[("when", crate::clock::format_local(reader.generated_at, reader.time_zone))]
        )),
    );
    html.push_str(&format!("<p>{}</p>", escape(&lang.t("privacy-export-intro"))));
    for section in &collected.sections {
        html.push_str(&format!(
            "<section><h2>{}</h2>",
            escape(&lang.t(&format!("privacy-export-section-{}", section.key)))
        ));
        value(&mut html, &section.data, reader, None);
        html.push_str("</section>");
    }
    if !collected.left_out.is_empty() {
        html.push_str(&format!("<h2>{}</h2><ul>", escape(&lang.t("privacy-export-left-out"))));
        for (name, size) in &collected.left_out {
            html.push_str(&format!("<li>{} ({size} B)</li>", escape(name)));
        }
        html.push_str("</ul>");
    }
    html.push_str("</body></html>");
    html
}

/// A timestamp field (`…_at`) is written as a date in the reader's zone; a file as a link.
fn value(html: &mut String, value: &Value, reader: &Reader<'_>, key: Option<&str>) {
    match value {
        Value::Null => html.push_str("<span class=\"none\">—</span>"),
        Value::Bool(yes) => html.push_str(&escape(&reader.lang.t(if *yes {
            "privacy-export-yes"
        } else {
            "privacy-export-no"
        }))),
        Value::Number(number) => match (key, number.as_i64()) {
            (Some(key), Some(ms)) if key.ends_with("_at") && ms > 0 => {
                html.push_str(&escape(&crate::clock::format_local(ms, reader.time_zone)))
            }
            _ => html.push_str(&number.to_string()),
        },
        Value::String(text) if key == Some("file") => {
            let text = escape(text);
            html.push_str(&format!("<a href=\"{text}\">{text}</a>"));
        }
        Value::String(text) => html.push_str(&escape(text)),
        Value::Array(items) if items.is_empty() => html.push_str(&format!(
            "<span class=\"none\">{}</span>",
            escape(&reader.lang.t("privacy-export-nothing"))
        )),
        Value::Array(items) => rows(html, items, reader),
        Value::Object(fields) => {
            html.push_str("<table>");
            for (name, field) in fields {
                html.push_str(&format!("<tr><th scope=\"row\">{}</th><td>", escape(name)));
                self::value(html, field, reader, Some(name));
                html.push_str("</td></tr>");
            }
            html.push_str("</table>");
        }
    }
}

/// A list: a table with a column per field when its items are records, else one per line.
fn rows(html: &mut String, items: &[Value], reader: &Reader<'_>) {
    let Some(Value::Object(first)) = items.first() else {
        html.push_str("<ul>");
        for item in items {
            html.push_str("<li>");
            value(html, item, reader, None);
            html.push_str("</li>");
        }
        html.push_str("</ul>");
        return;
    };
    let columns: Vec<&String> = first.keys().collect();
    html.push_str("<table><thead><tr>");
    for column in &columns {
        html.push_str(&format!("<th scope=\"col\">{}</th>", escape(column)));
    }
    html.push_str("</tr></thead><tbody>");
    for item in items {
        html.push_str("<tr>");
        for column in &columns {
            html.push_str("<td>");
            value(html, item.get(column.as_str()).unwrap_or(&Value::Null), reader, Some(column));
            html.push_str("</td>");
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::privacy::export::collect::{File, Section};

    #[test]
    fn the_archive_holds_the_data_the_summary_and_the_files_and_escapes_what_it_shows() {
        let collected = Collected {
            sections: vec![Section {
                key: "messages",
                data: serde_json::json!([{ "text": "<script>alert(1)</script>", "created_at": 1_700_000_000_000i64 }]),
            }],
            files: vec![File { path: "files/messages/a-note.txt".into(), bytes: "bonjour".into() }],
            left_out: vec![],
        };
        let reader =
            Reader { lang: Lang::Fr, time_zone: "Europe/Paris", name: "Ana", generated_at: 1 };
        let bytes = write(&collected, &reader).unwrap();
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
        names.sort();
        assert_eq!(names, ["data.json", "files/messages/a-note.txt", "index.html"]);
        let mut html = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("index.html").unwrap(), &mut html).unwrap();
        assert!(html.contains("&lt;script&gt;") && !html.contains("<script>"));
        assert!(html.contains("2023"), "times are written as dates: {html}");
    }
}
