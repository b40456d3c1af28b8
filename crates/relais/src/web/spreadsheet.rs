//! CSV files for spreadsheets (exports for management and payroll): French spreadsheets' format,
//! and cells that a spreadsheet would run as a formula neutralised.

/// One cell's text with a leading `= + - @`, tab or carriage return prefixed with an apostrophe,
/// so that no spreadsheet runs it as a formula (the `csv` crate does the quoting).
pub fn guarded(text: &str) -> String {
    let risky = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky { format!("'{text}") } else { text.to_string() }
}

/// A CSV writer as French spreadsheets read it: `;` between cells, every cell quoted, CRLF.
pub fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .delimiter(b';')
        .quote_style(csv::QuoteStyle::Always)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new())
}
