//! The astronomy the lunar calendar needs: the instants of new moons and the
//! Sun's apparent longitude, after Jean Meeus, *Astronomical Algorithms* (2nd
//! ed., 1998): chapter 49 for the phases of the Moon, chapter 25 with the
//! VSOP87 series of appendix III for the Sun, chapter 22 for nutation, and the
//! Delta T polynomials of Espenak and Meeus (NASA, 2006).
//!
//! Precision: new moons within about half a minute and solar longitudes within
//! about one arcsecond (half a minute of time) over 1900–2199. That is enough to
//! place each event on the right civil day except when it falls within a minute
//! or so of midnight, where even the uncertainty of Delta T after 2050 decides.
//! The test table produced independently with PyEphem agrees on every lunar
//! month from 1900 to 2199.

use std::f64::consts::{PI, TAU};

/// Julian day of the J2000.0 epoch.
const J2000: f64 = 2_451_545.0;
const DEG: f64 = PI / 180.0;
const ARCSEC: f64 = DEG / 3600.0;

/// Delta T = TT − UT in seconds for a decimal year (Espenak & Meeus, 2006).
fn delta_t_seconds(year: f64) -> f64 {
    if year < 1900.0 {
        let t = year - 1860.0;
        7.62 + 0.5737 * t - 0.251_754 * t.powi(2) + 0.016_806_68 * t.powi(3)
            - 0.000_447_362_4 * t.powi(4)
            + t.powi(5) / 233_174.0
    } else if year < 1920.0 {
        let t = year - 1900.0;
        -2.79 + 1.494_119 * t - 0.059_893_9 * t.powi(2) + 0.006_196_6 * t.powi(3)
            - 0.000_197 * t.powi(4)
    } else if year < 1941.0 {
        let t = year - 1920.0;
        21.20 + 0.844_93 * t - 0.076_100 * t.powi(2) + 0.002_093_6 * t.powi(3)
    } else if year < 1961.0 {
        let t = year - 1950.0;
        29.07 + 0.407 * t - t.powi(2) / 233.0 + t.powi(3) / 2547.0
    } else if year < 1986.0 {
        let t = year - 1975.0;
        45.45 + 1.067 * t - t.powi(2) / 260.0 - t.powi(3) / 718.0
    } else if year < 2005.0 {
        let t = year - 2000.0;
        63.86 + 0.3345 * t - 0.060_374 * t.powi(2)
            + 0.001_727_5 * t.powi(3)
            + 0.000_651_814 * t.powi(4)
            + 0.000_023_735_99 * t.powi(5)
    } else if year < 2050.0 {
        let t = year - 2000.0;
        62.92 + 0.322_17 * t + 0.005_589 * t.powi(2)
    } else {
        let u = (year - 1820.0) / 100.0;
        let long_term = -20.0 + 32.0 * u * u;
        if year < 2150.0 {
            long_term - 0.5628 * (2150.0 - year)
        } else {
            long_term
        }
    }
}

fn decimal_year(jd: f64) -> f64 {
    2000.0 + (jd - J2000) / 365.25
}

/// Terrestrial time (JDE) to universal time (JD).
fn tt_to_ut(jde: f64) -> f64 {
    jde - delta_t_seconds(decimal_year(jde)) / 86_400.0
}

/// Universal time (JD) to terrestrial time (JDE).
fn ut_to_tt(jd: f64) -> f64 {
    jd + delta_t_seconds(decimal_year(jd)) / 86_400.0
}

/// Julian day (UT) of the true new moon of lunation `k`, where k = 0 is the new
/// moon of 6 January 2000 (Meeus ch. 49).
pub(crate) fn new_moon(k: i64) -> f64 {
    let k = k as f64;
    let t = k / 1236.85;
    let (t2, t3, t4) = (t * t, t * t * t, t * t * t * t);
    let mean = 2_451_550.097_66 + 29.530_588_861 * k + 0.000_154_37 * t2 - 0.000_000_150 * t3
        + 0.000_000_000_73 * t4;
    let e = 1.0 - 0.002_516 * t - 0.000_007_4 * t2;
    let m = (2.5534 + 29.105_356_70 * k - 0.000_001_4 * t2 - 0.000_000_11 * t3) * DEG;
    let mp = (201.5643 + 385.816_935_28 * k + 0.010_758_2 * t2 + 0.000_012_38 * t3
        - 0.000_000_058 * t4)
        * DEG;
    let f = (160.7108 + 390.670_502_84 * k - 0.001_611_8 * t2 - 0.000_002_27 * t3
        + 0.000_000_011 * t4)
        * DEG;
    let omega = (124.7746 - 1.563_755_88 * k + 0.002_067_2 * t2 + 0.000_002_15 * t3) * DEG;

    let periodic = -0.407_20 * mp.sin()
        + 0.172_41 * e * m.sin()
        + 0.016_08 * (2.0 * mp).sin()
        + 0.010_39 * (2.0 * f).sin()
        + 0.007_39 * e * (mp - m).sin()
        - 0.005_14 * e * (mp + m).sin()
        + 0.002_08 * e * e * (2.0 * m).sin()
        - 0.001_11 * (mp - 2.0 * f).sin()
        - 0.000_57 * (mp + 2.0 * f).sin()
        + 0.000_56 * e * (2.0 * mp + m).sin()
        - 0.000_42 * (3.0 * mp).sin()
        + 0.000_42 * e * (m + 2.0 * f).sin()
        + 0.000_38 * e * (m - 2.0 * f).sin()
        - 0.000_24 * e * (2.0 * mp - m).sin()
        - 0.000_17 * omega.sin()
        - 0.000_07 * (mp + 2.0 * m).sin()
        + 0.000_04 * (2.0 * mp - 2.0 * f).sin()
        + 0.000_04 * (3.0 * m).sin()
        + 0.000_03 * (mp + m - 2.0 * f).sin()
        + 0.000_03 * (2.0 * mp + 2.0 * f).sin()
        - 0.000_03 * (mp + m + 2.0 * f).sin()
        + 0.000_03 * (mp - m + 2.0 * f).sin()
        - 0.000_02 * (mp - m - 2.0 * f).sin()
        - 0.000_02 * (3.0 * mp + m).sin()
        + 0.000_02 * (4.0 * mp).sin();

    // Planetary arguments (degrees): coefficient, constant, rate per lunation.
    const PLANETARY: [(f64, f64, f64); 14] = [
        (0.000_325, 299.77, 0.107_408),
        (0.000_165, 251.88, 0.016_321),
        (0.000_164, 251.83, 26.651_886),
        (0.000_126, 349.42, 36.412_478),
        (0.000_110, 84.66, 18.206_239),
        (0.000_062, 141.74, 53.303_771),
        (0.000_060, 207.14, 2.453_732),
        (0.000_056, 154.84, 7.306_860),
        (0.000_047, 34.52, 27.261_239),
        (0.000_042, 207.19, 0.121_824),
        (0.000_040, 291.34, 1.844_379),
        (0.000_037, 161.72, 24.198_154),
        (0.000_035, 239.56, 25.513_099),
        (0.000_023, 331.55, 3.592_518),
    ];
    let planetary: f64 = PLANETARY
        .iter()
        .enumerate()
        .map(|(i, &(coefficient, constant, rate))| {
            // A1 alone has a secular term in T².
            let extra = if i == 0 { -0.009_173 * t2 } else { 0.0 };
            coefficient * ((constant + rate * k + extra) * DEG).sin()
        })
        .sum();

    tt_to_ut(mean + periodic + planetary)
}

/// One term of a VSOP87 series: amplitude (1e-8 rad or au), phase (rad),
/// frequency (rad per Julian millennium).
type Term = (f64, f64, f64);

// VSOP87D, Earth, truncated as in Meeus' appendix III.
const L0: &[Term] = &[
    (175_347_046.0, 0.0, 0.0),
    (3_341_656.0, 4.669_256_8, 6_283.075_85),
    (34_894.0, 4.626_1, 12_566.151_7),
    (3_497.0, 2.744_1, 5_753.384_9),
    (3_418.0, 2.828_9, 3.523_1),
    (3_136.0, 3.627_7, 77_713.771_5),
    (2_676.0, 4.418_1, 7_860.419_4),
    (2_343.0, 6.135_2, 3_930.209_7),
    (1_324.0, 0.742_5, 11_506.769_8),
    (1_273.0, 2.037_1, 529.691),
    (1_199.0, 1.109_6, 1_577.343_5),
    (990.0, 5.233, 5_884.927),
    (902.0, 2.045, 26.298),
    (857.0, 3.508, 398.149),
    (780.0, 1.179, 5_223.694),
    (753.0, 2.533, 5_507.553),
    (505.0, 4.583, 18_849.228),
    (492.0, 4.205, 775.523),
    (357.0, 2.92, 0.067),
    (317.0, 5.849, 11_790.629),
    (284.0, 1.899, 796.298),
    (271.0, 0.315, 10_977.079),
    (243.0, 0.345, 5_486.778),
    (206.0, 4.806, 2_544.314),
    (205.0, 1.869, 5_573.143),
    (202.0, 2.458, 6_069.777),
    (156.0, 0.833, 213.299),
    (132.0, 3.411, 2_942.463),
    (126.0, 1.083, 20.775),
    (115.0, 0.645, 0.98),
    (103.0, 0.636, 4_694.003),
    (102.0, 0.976, 15_720.839),
    (102.0, 4.267, 7.114),
    (99.0, 6.21, 2_146.17),
    (98.0, 0.68, 155.42),
    (86.0, 5.98, 161_000.69),
    (85.0, 1.3, 6_275.96),
    (85.0, 3.67, 71_430.7),
    (80.0, 1.81, 17_260.15),
    (79.0, 3.04, 12_036.46),
    (75.0, 1.76, 5_088.63),
    (74.0, 3.5, 3_154.69),
    (74.0, 4.68, 801.82),
    (70.0, 0.83, 9_437.76),
    (62.0, 3.98, 8_827.39),
    (61.0, 1.82, 7_084.9),
    (57.0, 2.78, 6_286.6),
    (56.0, 4.39, 14_143.5),
    (56.0, 3.47, 6_279.55),
    (52.0, 0.19, 12_139.55),
    (52.0, 1.33, 1_748.02),
    (51.0, 0.28, 5_856.48),
    (49.0, 0.49, 1_194.45),
    (41.0, 5.37, 8_429.24),
    (41.0, 2.4, 19_651.05),
    (39.0, 6.17, 10_447.39),
    (37.0, 6.04, 10_213.29),
    (37.0, 2.57, 1_059.38),
    (36.0, 1.71, 2_352.87),
    (36.0, 1.78, 6_812.77),
    (33.0, 0.59, 17_789.85),
    (30.0, 0.44, 83_996.85),
    (30.0, 2.74, 1_349.87),
    (25.0, 3.16, 4_690.48),
];
const L1: &[Term] = &[
    (628_331_966_747.0, 0.0, 0.0),
    (206_059.0, 2.678_235, 6_283.075_85),
    (4_303.0, 2.635_1, 12_566.151_7),
    (425.0, 1.59, 3.523),
    (119.0, 5.796, 26.298),
    (109.0, 2.966, 1_577.344),
    (93.0, 2.59, 18_849.23),
    (72.0, 1.14, 529.69),
    (68.0, 1.87, 398.15),
    (67.0, 4.41, 5_507.55),
    (59.0, 2.89, 5_223.69),
    (56.0, 2.17, 155.42),
    (45.0, 0.4, 796.3),
    (36.0, 0.47, 775.52),
    (29.0, 2.65, 7.11),
    (21.0, 5.34, 0.98),
    (19.0, 1.85, 5_486.78),
    (19.0, 4.97, 213.3),
    (17.0, 2.99, 6_275.96),
    (16.0, 0.03, 2_544.31),
    (16.0, 1.43, 2_146.17),
    (15.0, 1.21, 10_977.08),
    (12.0, 2.83, 1_748.02),
    (12.0, 3.26, 5_088.63),
    (12.0, 5.27, 1_194.45),
    (12.0, 2.08, 4_694.0),
    (11.0, 0.77, 553.57),
    (10.0, 1.3, 6_286.6),
    (10.0, 4.24, 1_349.87),
    (9.0, 2.7, 242.73),
    (9.0, 5.64, 951.72),
    (8.0, 5.3, 2_352.87),
    (6.0, 2.65, 9_437.76),
    (6.0, 4.67, 4_690.48),
];
const L2: &[Term] = &[
    (52_919.0, 0.0, 0.0),
    (8_720.0, 1.072_1, 6_283.075_8),
    (309.0, 0.867, 12_566.152),
    (27.0, 0.05, 3.52),
    (16.0, 5.19, 26.3),
    (16.0, 3.68, 155.42),
    (10.0, 0.76, 18_849.23),
    (9.0, 2.06, 77_713.77),
    (7.0, 0.83, 775.52),
    (5.0, 4.66, 1_577.34),
    (4.0, 1.03, 7.11),
    (4.0, 3.44, 5_573.14),
    (3.0, 5.14, 796.3),
    (3.0, 6.05, 5_507.55),
    (3.0, 1.19, 242.73),
    (3.0, 6.12, 529.69),
    (3.0, 0.31, 398.15),
    (3.0, 2.28, 553.57),
    (2.0, 4.38, 5_223.69),
    (2.0, 3.75, 0.98),
];
const L3: &[Term] = &[
    (289.0, 5.844, 6_283.076),
    (35.0, 0.0, 0.0),
    (17.0, 5.49, 12_566.15),
    (3.0, 5.2, 155.42),
    (1.0, 4.72, 3.52),
    (1.0, 5.3, 18_849.23),
    (1.0, 5.97, 242.73),
];
const L4: &[Term] = &[
    (114.0, PI, 0.0),
    (8.0, 4.13, 6_283.08),
    (1.0, 3.84, 12_566.15),
];
const L5: &[Term] = &[(1.0, PI, 0.0)];
const B0: &[Term] = &[
    (280.0, 3.199, 84_334.662),
    (102.0, 5.422, 5_507.553),
    (80.0, 3.88, 5_223.69),
    (44.0, 3.7, 2_352.87),
    (32.0, 4.0, 1_577.34),
];
const B1: &[Term] = &[(9.0, 3.9, 5_507.55), (6.0, 1.73, 5_223.69)];
// The radius only scales the aberration (20.5″ / R): its leading terms suffice.
const R0: &[Term] = &[
    (100_013_989.0, 0.0, 0.0),
    (1_670_700.0, 3.098_463_5, 6_283.075_85),
    (13_956.0, 3.055_25, 12_566.151_7),
    (3_084.0, 5.198_5, 77_713.771_5),
    (1_628.0, 1.173_9, 5_753.384_9),
    (1_576.0, 2.846_9, 7_860.419_4),
];
const R1: &[Term] = &[
    (103_019.0, 1.107_49, 6_283.075_85),
    (1_721.0, 1.064_4, 12_566.151_7),
];

fn series(terms: &[Term], tau: f64) -> f64 {
    terms.iter().map(|&(a, b, c)| a * (b + c * tau).cos()).sum()
}

fn polynomial(series_by_power: &[&[Term]], tau: f64) -> f64 {
    series_by_power
        .iter()
        .rev()
        .fold(0.0, |acc, terms| acc * tau + series(terms, tau))
        * 1e-8
}

/// Nutation in longitude (Meeus ch. 22, the 0.5″ formula), radians.
fn nutation_in_longitude(t: f64) -> f64 {
    let omega =
        (125.044_52 - 1_934.136_261 * t + 0.002_070_8 * t * t + t * t * t / 450_000.0) * DEG;
    let sun = (280.4665 + 36_000.769_8 * t) * DEG;
    let moon = (218.3165 + 481_267.881_3 * t) * DEG;
    (-17.20 * omega.sin() - 1.32 * (2.0 * sun).sin() - 0.23 * (2.0 * moon).sin()
        + 0.21 * (2.0 * omega).sin())
        * ARCSEC
}

/// The Sun's apparent geocentric longitude, referred to the true equinox of
/// date, in radians within [0, 2π), at the Julian day `jd` (UT).
pub(crate) fn apparent_solar_longitude(jd: f64) -> f64 {
    let jde = ut_to_tt(jd);
    let tau = (jde - J2000) / 365_250.0;
    let t = tau * 10.0;
    let earth_longitude = polynomial(&[L0, L1, L2, L3, L4, L5], tau);
    let earth_latitude = polynomial(&[B0, B1], tau);
    let radius = polynomial(&[R0, R1], tau);

    let geometric = earth_longitude + PI;
    // Conversion from the dynamical ecliptic of VSOP87 to the FK5 system.
    let lambda_prime = geometric - (1.397 * t + 0.000_31 * t * t) * DEG;
    let fk5 = -0.090_33 * ARCSEC
        + 0.039_16 * ARCSEC * (lambda_prime.cos() + lambda_prime.sin()) * (-earth_latitude).tan();
    let aberration = -20.4898 * ARCSEC / radius;
    (geometric + fk5 + nutation_in_longitude(t) + aberration).rem_euclid(TAU)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Julian day (UT) of a UTC calendar instant.
    fn jd(y: i32, m: u32, d: u32, hh: u32, mm: u32) -> f64 {
        let date = chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let days = date.signed_duration_since(chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap());
        J2000 - 0.5 + days.num_days() as f64 + (hh as f64 + mm as f64 / 60.0) / 24.0
    }

    fn minutes(a: f64, b: f64) -> f64 {
        (a - b).abs() * 1440.0
    }

    #[test]
    fn new_moons_match_published_instants() {
        // Published (USNO / HM Nautical Almanac Office) new moons, UTC.
        // k counts lunations from 6 January 2000.
        let cases = [
            (0, jd(2000, 1, 6, 18, 14)),
            (310, jd(2025, 1, 29, 12, 36)),
            (323, jd(2026, 2, 17, 12, 1)),
            (-1237, jd(1900, 1, 1, 13, 52)),
        ];
        for (k, expected) in cases {
            let got = new_moon(k);
            assert!(
                minutes(got, expected) < 1.5,
                "k={k}: {} min off",
                minutes(got, expected)
            );
        }
    }

    #[test]
    fn solstices_and_equinoxes_have_the_right_longitude() {
        // Published solstice and equinox instants, UTC.
        let cases = [
            (jd(2024, 12, 21, 9, 20), 270.0),
            (jd(2025, 3, 20, 9, 1), 0.0),
            (jd(2025, 6, 21, 2, 42), 90.0),
            (jd(2000, 12, 21, 13, 37), 270.0),
        ];
        for (at, degrees) in cases {
            let lon = apparent_solar_longitude(at) / DEG;
            let off = ((lon - degrees + 180.0).rem_euclid(360.0) - 180.0).abs();
            // The Sun moves about 0.0007° a minute.
            assert!(off < 0.001, "{at}: longitude {lon}");
        }
    }
}
