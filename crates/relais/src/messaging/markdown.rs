//! The markdown subset of messages, rendered safely: emphasis, code, lists, quotes, links; raw HTML
//! is shown as text, images become links, every link gets `rel="noopener noreferrer"`, and only
//! http, https and mailto links (or links within Relais, such as a patient record) survive.

use std::collections::HashSet;
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(HashSet::from([
            "p",
            "br",
            "strong",
            "em",
            "del",
            "code",
            "pre",
            "ul",
            "ol",
            "li",
            "blockquote",
            "a",
            "span",
        ]))
        .add_tag_attributes("a", ["href"])
        .add_tag_attribute_values("span", "class", ["mention"])
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("noopener noreferrer"));
    builder
});

/// Renders message text to HTML that is safe to put in a page.
pub fn render(text: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut in_code = false;
    for event in Parser::new_ext(text, options) {
        match event {
            Event::Html(raw) | Event::InlineHtml(raw) => events.push(Event::Text(raw)),
            Event::Start(Tag::Image { dest_url, .. }) => events.push(Event::Start(Tag::Link {
                link_type: pulldown_cmark::LinkType::Inline,
                dest_url,
                title: CowStr::Borrowed(""),
                id: CowStr::Borrowed(""),
            })),
            Event::End(TagEnd::Image) => events.push(Event::End(TagEnd::Link)),
            Event::Start(Tag::CodeBlock(_)) => {
                in_code = true;
                events.push(event);
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                events.push(event);
            }
            Event::Text(text) if !in_code => decorate(&text, &mut events),
            Event::SoftBreak => events.push(Event::HardBreak),
            other => events.push(other),
        }
    }
    let mut out = String::new();
    html::push_html(&mut out, events.into_iter());
    CLEANER.clean(&out).to_string()
}

static DOCUMENT_CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(HashSet::from([
            "p",
            "br",
            "strong",
            "em",
            "del",
            "code",
            "pre",
            "ul",
            "ol",
            "li",
            "blockquote",
            "a",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "hr",
        ]))
        .add_tag_attributes("a", ["href"])
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("noopener noreferrer"));
    builder
});

/// Renders a longer text (a charter, a protocol) with headings, one level below the page's
/// title (`#` becomes `h2`); the same safety rules as messages, without mentions.
pub fn render_document(text: &str) -> String {
    use pulldown_cmark::HeadingLevel;
    let mut options = Options::empty();
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let lower = |level: HeadingLevel| match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    };
    let events = Parser::new_ext(text, options).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Heading { level, id, classes, attrs }) => {
            Event::Start(Tag::Heading { level: lower(level), id, classes, attrs })
        }
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(lower(level))),
        Event::Start(Tag::Image { dest_url, .. }) => Event::Start(Tag::Link {
            link_type: pulldown_cmark::LinkType::Inline,
            dest_url,
            title: CowStr::Borrowed(""),
            id: CowStr::Borrowed(""),
        }),
        Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    DOCUMENT_CLEANER.clean(&out).to_string()
}

/// Splits plain text into text, `@mentions` and bare web addresses made links.
fn decorate(text: &str, events: &mut Vec<Event<'_>>) {
    let mut plain = String::new();
    let mut chars = text.char_indices().peekable();
    let mut previous: Option<char> = None;
    while let Some((index, c)) = chars.next() {
        let rest = &text[index..];
        let starts_word = previous.is_none_or(|p| !p.is_alphanumeric());
        let token_len = if c == '@' && starts_word {
            let handle = rest[1..]
                .find(|c: char| !(c.is_alphanumeric() || matches!(c, '.' | '_' | '-')))
                .unwrap_or(rest.len() - 1);
            let handle = rest[1..1 + handle].trim_end_matches(['.', '-', '_']);
            (!handle.is_empty()).then(|| {
                flush(&mut plain, events);
                events.push(Event::InlineHtml(
                    format!("<span class=\"mention\">@{}</span>", escape(handle)).into(),
                ));
                handle.len() + 1
            })
        } else if starts_word && (rest.starts_with("https://") || rest.starts_with("http://")) {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')']);
            flush(&mut plain, events);
            let link = Tag::Link {
                link_type: pulldown_cmark::LinkType::Autolink,
                dest_url: url.to_string().into(),
                title: CowStr::Borrowed(""),
                id: CowStr::Borrowed(""),
            };
            events.push(Event::Start(link));
            events.push(Event::Text(url.to_string().into()));
            events.push(Event::End(TagEnd::Link));
            Some(url.len())
        } else {
            None
        };
        match token_len {
            Some(len) => {
                while chars.peek().is_some_and(|(next, _)| *next < index + len) {
                    chars.next();
                }
                previous = text[..index + len].chars().next_back();
            }
            None => {
                plain.push(c);
                previous = Some(c);
            }
        }
    }
    flush(&mut plain, events);
}

fn flush(plain: &mut String, events: &mut Vec<Event<'_>>) {
    if !plain.is_empty() {
        events.push(Event::Text(std::mem::take(plain).into()));
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::{render, render_document};

    #[test]
    fn documents_keep_their_headings_one_level_down_and_stay_safe() {
        let html =
            render_document("# Charte\n\n## Horaires\n\n<script>x</script> [a](javascript:x)");
        assert!(html.contains("<h2>Charte</h2>"), "{html}");
        assert!(html.contains("<h3>Horaires</h3>"), "{html}");
        assert!(!html.contains("<script"), "{html}");
        let link = render_document("[a](javascript:alert(1)) [b](https://has-sante.fr)");
        assert!(!link.contains("href=\"javascript"), "{link}");
        assert!(link.contains("href=\"https://has-sante.fr\""), "{link}");
    }

    #[test]
    fn emphasis_code_and_lists_are_rendered() {
        assert_eq!(
            render("**gras** et *italique*"),
            "<p><strong>gras</strong> et <em>italique</em></p>\n"
        );
        assert!(render("`code`").contains("<code>code</code>"));
        assert!(render("- un\n- deux").contains("<li>un</li>"));
    }

    #[test]
    fn raw_html_and_scripts_are_shown_as_text() {
        let html = render("<script>alert(1)</script> <img src=x onerror=alert(1)>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn links_are_safe_and_dangerous_schemes_dropped() {
        let html =
            render("[site](https://example.org) [x](javascript:alert(1)) https://relais.test/a.");
        assert!(html.contains("href=\"https://example.org\""), "{html}");
        assert!(html.contains("rel=\"noopener noreferrer\""), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains("href=\"https://relais.test/a\""), "{html}");
        let patient = render("[dossier](/patients/0190)");
        assert!(patient.contains("href=\"/patients/0190\""), "{patient}");
    }

    #[test]
    fn images_become_links_and_mentions_are_marked() {
        let html = render("![photo](https://tracker.example/p.png) @anne.martin, x@y.fr");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("<span class=\"mention\">@anne.martin</span>"), "{html}");
        assert!(!html.contains("@y.fr</span>"), "{html}");
    }
}
