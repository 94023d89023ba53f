//! The report's small text helpers: HTML escaping, figures as a scheduler reads them,
//! the names summary.json gives values, and the priority colours.

/// Colours by priority (colour-blind safe, dark for urgent), indexed like `PRIORITIES`.
pub(crate) const COLOURS: [&str; 7] = [
    "#67001f", "#b2182b", "#d6604d", "#4393c3", "#92c5de", "#bababa", "#bababa",
];

/// Escapes text for HTML and SVG.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

/// The name summary.json gives a value (`time_limit`, `lp_relaxation`).
pub(crate) fn name_of(value: &impl serde::Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}

/// Thousands separated, as a scheduler reads figures.
pub(crate) fn grouped(n: f64) -> String {
    let whole = n.round() as i64;
    let digits = whole.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if whole < 0 {
        format!("-{out}")
    } else {
        out
    }
}
