//! What a file really is, read from its first bytes (the `infer` crate's signatures), never from
//! its name or the type the browser claimed. Only raster images are ever shown in a page; every
//! other type is served as a download, and markup only ever as plain text.

/// The raster image types shown inline (never SVG: it can carry scripts).
pub const SHOWN: [&str; 4] = ["image/jpeg", "image/png", "image/webp", "image/gif"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// An image shown in the page.
    Image(&'static str),
    /// Anything else: served only as a download, with this type.
    Download(&'static str),
}

impl Sniffed {
    pub fn media_type(self) -> &'static str {
        match self {
            Sniffed::Image(t) | Sniffed::Download(t) => t,
        }
    }

    /// The image type, when the file is an image shown in pages.
    pub fn image(self) -> Option<&'static str> {
        match self {
            Sniffed::Image(t) => Some(t),
            Sniffed::Download(_) => None,
        }
    }
}

pub fn sniff(bytes: &[u8]) -> Sniffed {
    match infer::get(bytes).map(|kind| kind.mime_type()) {
        Some(image) if SHOWN.contains(&image) => Sniffed::Image(image),
        // Markup (HTML, SVG, XML) is kept as plain text: no browser may ever run it as a page.
        Some(markup) if markup.starts_with("text/") || markup.contains("xml") => {
            Sniffed::Download("text/plain; charset=utf-8")
        }
        Some(other) => Sniffed::Download(other),
        None if !bytes.contains(&0) && utf8_head(bytes) => {
            Sniffed::Download("text/plain; charset=utf-8")
        }
        None => Sniffed::Download("application/octet-stream"),
    }
}

/// Whether `bytes` is UTF-8, allowing the first bytes of a file to end inside a character.
fn utf8_head(bytes: &[u8]) -> bool {
    match std::str::from_utf8(bytes) {
        Ok(_) => true,
        Err(error) => error.error_len().is_none() && bytes.len() - error.valid_up_to() < 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_the_bytes() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\nrest"), Sniffed::Image("image/png"));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]), Sniffed::Image("image/jpeg"));
        assert_eq!(sniff(b"RIFF\x10\0\0\0WEBPVP8 "), Sniffed::Image("image/webp"));
        assert_eq!(sniff(b"GIF89a..."), Sniffed::Image("image/gif"));
        assert_eq!(sniff(b"%PDF-1.7"), Sniffed::Download("application/pdf"));
        let named_like_a_photo = sniff(b"MZ\x90\x00 an executable named photo.png");
        assert!(named_like_a_photo.image().is_none(), "{named_like_a_photo:?}");
        assert_eq!(
            sniff(b"<html><script>alert(1)</script>"),
            Sniffed::Download("text/plain; charset=utf-8")
        );
        let svg = sniff(b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script/></svg>");
        assert!(svg.image().is_none(), "never shown: {svg:?}");
        assert_eq!(sniff(&[0, 1, 2, 0xFE]), Sniffed::Download("application/octet-stream"));
        // The first bytes of a French text may end in the middle of "é".
        let cut = &"Procédure".as_bytes()[..5];
        assert_eq!(sniff(cut), Sniffed::Download("text/plain; charset=utf-8"));
    }
}
