//! Images people upload (visit photos, message attachments): their size read from the header
//! alone, so an image that would take a phone's memory to decode (100,000 × 100,000 px, or a
//! small PNG that inflates to hundreds of megabytes) is never shown inline; and their metadata
//! removed — EXIF (with the GPS position of the phone), XMP, IPTC, PNG text chunks — keeping
//! only the orientation, so that a photo still shows the right way up.

use img_parts::jpeg::{Jpeg, markers};
use img_parts::png::Png;
use img_parts::webp::WebP;
use img_parts::{Bytes, ImageEXIF};

/// The widest or tallest image shown inline.
pub const MAX_SIDE: usize = 8_000;
/// The most pixels shown inline (about 100 MiB once decoded at four bytes a pixel).
pub const MAX_PIXELS: usize = 25_000_000;

/// Width and height from the header, if the bytes are an image whose header can be read.
pub fn dimensions(bytes: &[u8]) -> Option<(usize, usize)> {
    imagesize::blob_size(bytes).ok().map(|size| (size.width, size.height))
}

/// Whether a browser may be asked to decode it: header readable, not too large.
pub fn fits_on_screen(bytes: &[u8]) -> bool {
    dimensions(bytes).is_some_and(|(width, height)| {
        width > 0
            && height > 0
            && width <= MAX_SIDE
            && height <= MAX_SIDE
            && width.saturating_mul(height) <= MAX_PIXELS
    })
}

/// The image without its metadata (JPEG, PNG and WebP; GIF carries none of concern). Bytes that
/// do not parse as the image they claim to be are returned as they are: the caller decides
/// whether to keep them (as a download) or refuse them.
pub fn without_metadata(bytes: &[u8]) -> Vec<u8> {
    let data = Bytes::copy_from_slice(bytes);
    match bytes {
        [0xFF, 0xD8, 0xFF, ..] => match Jpeg::from_bytes(data) {
            Ok(mut jpeg) => {
                let orientation = jpeg.exif().and_then(|exif| orientation_only(&exif));
                // APP1: EXIF and XMP; APP13: IPTC/Photoshop; COM: free comments.
                for marker in [markers::APP1, markers::APP13, markers::COM] {
                    jpeg.remove_segments_by_marker(marker);
                }
                jpeg.set_exif(orientation);
                jpeg.encoder().bytes().to_vec()
            }
            Err(_) => bytes.to_vec(),
        },
        [0x89, b'P', b'N', b'G', ..] => match Png::from_bytes(data) {
            Ok(mut png) => {
                let orientation = png.exif().and_then(|exif| orientation_only(&exif));
                for kind in [*b"eXIf", *b"tEXt", *b"zTXt", *b"iTXt", *b"tIME"] {
                    png.remove_chunks_by_type(kind);
                }
                png.set_exif(orientation);
                png.encoder().bytes().to_vec()
            }
            Err(_) => bytes.to_vec(),
        },
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => {
            match WebP::from_bytes(data) {
                Ok(mut webp) => {
                    let orientation = webp.exif().and_then(|exif| orientation_only(&exif));
                    webp.remove_chunks_by_id(*b"XMP ");
                    webp.set_exif(orientation);
                    webp.encoder().bytes().to_vec()
                }
                Err(_) => bytes.to_vec(),
            }
        }
        _ => bytes.to_vec(),
    }
}

/// A new EXIF block holding only the orientation of `exif`, when it has one other than "normal".
fn orientation_only(exif: &[u8]) -> Option<Bytes> {
    let parsed = exif::Reader::new().read_raw(exif.to_vec()).ok()?;
    let value = parsed.get_field(exif::Tag::Orientation, exif::In::PRIMARY)?.value.get_uint(0)?;
    if !(2..=8).contains(&value) {
        return None;
    }
    let field = exif::Field {
        tag: exif::Tag::Orientation,
        ifd_num: exif::In::PRIMARY,
        value: exif::Value::Short(vec![u16::try_from(value).ok()?]),
    };
    let mut writer = exif::experimental::Writer::new();
    writer.push_field(&field);
    let mut out = std::io::Cursor::new(Vec::new());
    writer.write(&mut out, false).ok()?;
    Some(Bytes::from(out.into_inner()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG header (signature and IHDR) declaring `width` × `height`.
    fn png_header(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        bytes.extend(width.to_be_bytes());
        bytes.extend(height.to_be_bytes());
        bytes.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
        bytes
    }

    #[test]
    fn a_huge_image_is_not_shown_inline() {
        assert!(fits_on_screen(&png_header(1200, 900)));
        assert!(!fits_on_screen(&png_header(100_000, 100_000)));
        assert!(!fits_on_screen(&png_header(7_000, 7_000)), "49 megapixels");
        assert!(!fits_on_screen(b"\x89PNG\r\n\x1a\n garbage"));
    }
}
