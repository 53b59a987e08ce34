#!/usr/bin/env python3
"""Produce the Vietnamese lunar calendar reference tables for 1900-2199.

This is the *independent* side of the lunar-calendar tests of `motcua_calendar`:
it shares no code, no formula and no language with the Rust crate. The astronomy
comes from the best ephemeris available offline for each date: JPL's DE421
numerical integration through Skyfield for 1900 to mid-2053 (the span DE421
covers), and PyEphem (libastro: VSOP87 and its lunar theory) after that. The
Rust crate uses Meeus' series. Only the calendar *rules* are the same, because
the rules are the definition of the calendar:

1. A civil day runs from midnight to midnight at UTC+7 (the meridian Vietnam has
   used for its calendar since 1968; the issue fixes it for every year).
2. A lunar month starts on the day that contains a new moon (true conjunction).
3. The month that contains the winter solstice (apparent solar longitude 270 deg)
   is month 11.
4. When 13 months lie between two consecutive months 11, the first of them that
   contains no principal solar term (trung khi: apparent longitude a multiple of
   30 deg) is a leap month and repeats the number of the month before it.
5. The lunar year is numbered by the solar year in which its month 1 starts; day 1
   of month 1 is Tet, day 10 of (non-leap) month 3 is Hung Kings' day.

Usage: python3 generate.py OUTPUT_DIR
Needs: pip install ephem==4.2.1 skyfield==1.55 skyfield-data==7.0.0
Writes OUTPUT_DIR/lunar_months_1900_2199.csv and OUTPUT_DIR/tet_hung_kings_1900_2199.csv.
"""

import csv
import datetime as dt
import math
import os
import sys
import warnings

import ephem
from skyfield import almanac
from skyfield.api import Loader
from skyfield.framelib import ecliptic_frame
from skyfield_data import get_skyfield_data_path

UTC_PLUS_7 = dt.timedelta(hours=7)
FIRST_YEAR, LAST_YEAR = 1900, 2199
# DE421 covers 1899-07-29 to 2053-10-09; PyEphem answers outside this window.
DE421_FROM, DE421_UNTIL = dt.datetime(1899, 8, 1), dt.datetime(2053, 9, 1)


def skyfield_events(start, end):
    """New moons and principal terms from DE421, as local datetimes."""
    # skyfield-data warns that its Earth-orientation file is old; the builtin
    # timescale used here does not read it.
    warnings.filterwarnings("ignore", message="The file finals2000A.all has expired")
    load = Loader(get_skyfield_data_path(), expire=False, verbose=False)
    ts = load.timescale(builtin=True)
    eph = load("de421.bsp")
    sun, earth = eph["sun"], eph["earth"]
    t0 = ts.utc(start.year, start.month, start.day)
    t1 = ts.utc(end.year, end.month, end.day)

    times, phases = almanac.find_discrete(t0, t1, almanac.moon_phases(eph))
    moons = [local_utc(t.utc_datetime()) for t, p in zip(times, phases) if p == 0]

    def sector(t):
        lat, lon, _ = earth.at(t).observe(sun).apparent().frame_latlon(ecliptic_frame)
        return (lon.degrees // 30).astype(int) % 12

    sector.step_days = 10
    times, sectors = almanac.find_discrete(t0, t1, sector)
    terms = [(int(k), local_utc(t.utc_datetime())) for t, k in zip(times, sectors)]
    return moons, terms


def local_utc(moment):
    """Aware UTC datetime -> naive datetime at UTC+7."""
    return moment.replace(tzinfo=None) + UTC_PLUS_7


def local(date):
    """ephem.Date (UT) -> naive datetime at UTC+7."""
    return ephem.Date(date).datetime() + UTC_PLUS_7


def new_moons(start, end):
    """Every new moon between two ephem dates, as local datetimes."""
    moons = []
    d = ephem.next_new_moon(start)
    while d < end:
        moons.append(local(d))
        d = ephem.next_new_moon(d + 1)
    return moons


def apparent_solar_longitude(date):
    sun = ephem.Sun()
    sun.compute(date, epoch=date)
    equatorial = ephem.Equatorial(sun.g_ra, sun.g_dec, epoch=date)
    return float(ephem.Ecliptic(equatorial, epoch=date).lon)


def principal_terms(start, end):
    """Local datetimes at which the apparent solar longitude crosses k*30 deg."""
    terms = []
    step = 1.0
    d = ephem.Date(start)
    sector = math.floor(apparent_solar_longitude(d) / (math.pi / 6))
    while d < end:
        nxt = ephem.Date(d + step)
        nxt_sector = math.floor(apparent_solar_longitude(nxt) / (math.pi / 6))
        if nxt_sector != sector:
            target = (nxt_sector % 12) * math.pi / 6

            def offset(x):
                return (apparent_solar_longitude(x) - target + math.pi) % (2 * math.pi) - math.pi

            crossing = ephem.newton(offset, d, nxt)
            terms.append((nxt_sector % 12, local(crossing)))
            sector = nxt_sector
        d = nxt
    return terms


def build(first, last):
    start = dt.datetime(first - 2, 10, 1)
    end = dt.datetime(last + 2, 3, 1)
    before = ephem.Date(start), ephem.Date(DE421_FROM)
    after = ephem.Date(DE421_UNTIL), ephem.Date(end)
    de421_moons, de421_terms = skyfield_events(DE421_FROM, DE421_UNTIL)
    moons = new_moons(*before) + de421_moons + new_moons(*after)
    terms = principal_terms(*before) + de421_terms + principal_terms(*after)
    starts = [m.date() for m in moons]
    term_days = [t.date() for _, t in terms]
    solstices = [t.date() for k, t in terms if k == 9]

    def month_index_of(day):
        """Index i of the month with starts[i] <= day < starts[i+1]."""
        lo, hi = 0, len(starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if starts[mid] <= day:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def has_principal_term(i):
        return any(starts[i] <= d < starts[i + 1] for d in term_days)

    elevens = [month_index_of(s) for s in solstices]
    months = []  # (start date, lunar year, month, leap)
    for a, b in zip(elevens, elevens[1:]):
        leap_at = None
        if b - a == 13:
            leap_at = next(i for i in range(a + 1, b) if not has_principal_term(i))
        number = 11
        year = starts[a].year  # month 11 starts in the solar year of its solstice, or just before
        if starts[a].month < 6:
            year -= 1
        for i in range(a, b):
            leap = i == leap_at
            if i > a and not leap:
                number = number % 12 + 1
            lunar_year = year if number >= 11 and i - a < 4 else year + 1
            months.append((starts[i], lunar_year, number, leap))
    return moons, terms, months


def main(out_dir):
    _, _, months = build(FIRST_YEAR, LAST_YEAR)
    first_day = dt.date(FIRST_YEAR, 1, 1)
    last_day = dt.date(LAST_YEAR, 12, 31)
    # Keep the month in force on 1 January of the first year, and every month
    # that starts up to the last day.
    keep = [m for k, m in enumerate(months)
            if m[0] <= last_day and (k + 1 == len(months) or months[k + 1][0] > first_day)]
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "lunar_months_1900_2199.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["start", "lunar_year", "month", "leap"])
        for start, year, month, leap in keep:
            w.writerow([start.isoformat(), year, month, int(leap)])

    by_key = {(y, mo, lp): s for s, y, mo, lp in months}
    with open(os.path.join(out_dir, "tet_hung_kings_1900_2199.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["year", "tet", "hung_kings", "leap_month"])
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            tet = by_key[(year, 1, False)]
            hung = by_key[(year, 3, False)] + dt.timedelta(days=9)
            leaps = [mo for (y, mo, lp) in by_key if y == year and lp]
            w.writerow([year, tet.isoformat(), hung.isoformat(), leaps[0] if leaps else 0])


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
