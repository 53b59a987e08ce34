//! QR codes as a square of modules, drawn as vector squares by both
//! renderers (no image: crisp at any printer's resolution).

use fast_qr::{ECL, QRBuilder};

use crate::FormError;

/// The dark and light modules of a QR code, row by row, without the quiet
/// zone (the renderers leave it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Modules {
    /// Modules per side.
    pub width: usize,
    dark: Vec<bool>,
}

impl Modules {
    /// Encodes `payload` (UTF-8 bytes) at error-correction level M, which
    /// survives the stains and folds of a paper slip in a citizen's pocket.
    pub fn encode(payload: &str) -> Result<Modules, FormError> {
        let code = QRBuilder::new(payload.as_bytes())
            .ecl(ECL::M)
            .build()
            .map_err(|_| FormError::QrTooLong(payload.len()))?;
        let width = code.size;
        Ok(Modules {
            width,
            dark: code.data[..width * width]
                .iter()
                .map(|m| m.value())
                .collect(),
        })
    }

    /// Whether the module at column `x`, row `y` is dark.
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.width && self.dark[y * self.width + x]
    }

    /// The dark modules as rectangles `(x, y, width, height)`: horizontal
    /// runs, each merged with the same run on the rows below it, so a code
    /// takes a few hundred rectangles instead of a thousand modules.
    pub fn rectangles(&self) -> Vec<(usize, usize, usize, usize)> {
        let mut open: Vec<(usize, usize, usize, usize)> = Vec::new();
        let mut done = Vec::new();
        let mut runs = self.runs().into_iter().peekable();
        for y in 0..self.width {
            let mut row = Vec::new();
            while let Some(&(x, ry, len)) = runs.peek() {
                if ry != y {
                    break;
                }
                row.push((x, len));
                runs.next();
            }
            // A rectangle still open goes on if this row has the same run.
            let mut next = Vec::new();
            for rect in open.drain(..) {
                if let Some(i) = row
                    .iter()
                    .position(|&(x, len)| x == rect.0 && len == rect.2)
                {
                    row.swap_remove(i);
                    next.push((rect.0, rect.1, rect.2, rect.3 + 1));
                } else {
                    done.push(rect);
                }
            }
            next.extend(row.into_iter().map(|(x, len)| (x, y, len, 1)));
            open = next;
        }
        done.extend(open);
        done
    }

    /// The dark modules as horizontal runs `(x, y, length)`: one rectangle per
    /// run instead of one per module keeps the PDF and the SVG small.
    pub fn runs(&self) -> Vec<(usize, usize, usize)> {
        let mut runs = Vec::new();
        for y in 0..self.width {
            let mut x = 0;
            while x < self.width {
                if self.is_dark(x, y) {
                    let start = x;
                    while x < self.width && self.is_dark(x, y) {
                        x += 1;
                    }
                    runs.push((start, y, x - start));
                } else {
                    x += 1;
                }
            }
        }
        runs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_cover_exactly_the_dark_modules() {
        let m = Modules::encode("https://motcua.example/tra-cuu/000.00.01.H29-261201-0001")
            .expect("fits");
        let from_runs: usize = m.runs().iter().map(|r| r.2).sum();
        let dark = (0..m.width)
            .flat_map(|y| (0..m.width).map(move |x| (x, y)))
            .filter(|&(x, y)| m.is_dark(x, y))
            .count();
        assert_eq!(from_runs, dark);
        // The merged rectangles cover exactly the dark modules, once each.
        let mut covered = vec![0u8; m.width * m.width];
        for (x, y, w, h) in m.rectangles() {
            for yy in y..y + h {
                for xx in x..x + w {
                    covered[yy * m.width + xx] += 1;
                }
            }
        }
        for y in 0..m.width {
            for x in 0..m.width {
                assert_eq!(
                    covered[y * m.width + x],
                    u8::from(m.is_dark(x, y)),
                    "{x},{y}"
                );
            }
        }
        assert!(m.rectangles().len() < m.runs().len());
        // The finder pattern's corner is dark.
        assert!(m.is_dark(0, 0));
    }

    #[test]
    fn a_payload_too_long_is_an_error_not_a_panic() {
        let long = "x".repeat(5000);
        assert!(matches!(
            Modules::encode(&long),
            Err(FormError::QrTooLong(5000))
        ));
    }
}
