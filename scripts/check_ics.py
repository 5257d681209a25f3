#!/usr/bin/env python3
"""Validates an iCalendar file (RFC 5545) with the `icalendar` package.

Usage: check_ics.py [FILE]   (reads standard input when FILE is absent or "-")

Checks, besides what `icalendar` refuses to parse:
- the raw text: UTF-8, CRLF line endings, no line longer than 75 octets;
- the calendar: VERSION 2.0 and PRODID, a VTIMEZONE for every TZID used;
- every VEVENT: UID, DTSTAMP, DTSTART and DTEND present, UIDs unique, DTSTAMP in UTC,
  DTEND after DTSTART;
- every VTIMEZONE: its own rules give the same UTC offsets as the tz database at each event's
  start and end, so that a client that trusts the file and one that trusts its own zone data
  put the event at the same instant.

Prints one line per event and a summary; exits 0 when valid, 1 when not, 2 when the file cannot
be read or `icalendar` is missing.
"""

import sys
from datetime import date, datetime, timedelta, timezone

try:
    import icalendar
    from icalendar import Calendar
except ImportError:
    print("check_ics: the icalendar package is missing (pip install icalendar)", file=sys.stderr)
    sys.exit(2)

REQUIRED = ("UID", "DTSTAMP", "DTSTART", "DTEND")


def raw_errors(data: bytes) -> list[str]:
    """Line-level problems a parser may forgive but some clients do not."""
    errors = []
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        errors.append(f"not UTF-8: {error}")
    if not data.endswith(b"\r\n"):
        errors.append("the last line does not end with CRLF")
    for number, line in enumerate(data.split(b"\r\n"), start=1):
        if b"\n" in line or b"\r" in line:
            errors.append(f"line {number}: bare LF or CR (lines must end with CRLF)")
        if len(line) > 75:
            errors.append(f"line {number}: {len(line)} octets (at most 75 before CRLF)")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            errors.append(f"line {number}: folding split a UTF-8 character")
    return errors


def offset_text(delta) -> str:
    """`+02:00` for a UTC offset."""
    minutes = int(delta.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def as_utc(value):
    """A decoded DATE-TIME as an aware UTC datetime; None for a DATE or a floating time."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(timezone.utc)
    return None


def local_time(prop):
    """The wall-clock time and TZID a DTSTART/DTEND is written in, or None when it is in UTC."""
    tzid = prop.params.get("TZID")
    if tzid is None:
        return None
    wall = prop.dt.replace(tzinfo=None) if isinstance(prop.dt, datetime) else None
    return (wall, tzid) if wall else None


def zone_errors(calendar, events) -> list[str]:
    """Offsets from each VTIMEZONE's own rules against the tz database, at every event time."""
    errors = []
    for component in calendar.walk("VTIMEZONE"):
        tzid = str(component.get("TZID"))
        try:
            from_file = component.to_tz(lookup_tzid=False)
            from_database = component.to_tz(lookup_tzid=True)
        except Exception as error:  # noqa: BLE001 - any failure means the zone is unusable
            errors.append(f"VTIMEZONE {tzid}: cannot be read ({error})")
            continue
        for event in events:
            for name in ("DTSTART", "DTEND"):
                prop = event.get(name)
                found = local_time(prop) if prop is not None else None
                if not found or found[1] != tzid:
                    continue
                wall = found[0]
                mine = wall.replace(tzinfo=from_file).utcoffset()
                theirs = wall.replace(tzinfo=from_database).utcoffset()
                if mine != theirs:
                    errors.append(
                        f"{event.get('UID')}: {name} {wall} is UTC{offset_text(mine)} by the "
                        f"file's VTIMEZONE but UTC{offset_text(theirs)} by the tz database")
    return errors


def check(data: bytes) -> tuple[list[str], list[str]]:
    """Errors and one summary line per event."""
    errors = raw_errors(data)
    try:
        calendar = Calendar.from_ical(data)
    except Exception as error:  # noqa: BLE001 - report any parse failure as invalid
        return errors + [f"icalendar cannot parse the file: {error}"], []
    if calendar.name != "VCALENDAR":
        errors.append(f"the top component is {calendar.name}, not VCALENDAR")
    if str(calendar.get("VERSION", "")) != "2.0":
        errors.append("VERSION is not 2.0")
    if "PRODID" not in calendar:
        errors.append("PRODID is missing")
    for component in calendar.walk():
        for prop, message in getattr(component, "errors", []):
            errors.append(f"{component.name} {prop}: {message}")
    missing = calendar.get_missing_tzids()
    if missing:
        errors.append(f"TZID used without a VTIMEZONE: {', '.join(sorted(missing))}")

    events = calendar.walk("VEVENT")
    lines = []
    seen = set()
    for number, event in enumerate(events, start=1):
        uid = str(event.get("UID", f"(event {number})"))
        absent = [name for name in REQUIRED if name not in event]
        if absent:
            errors.append(f"{uid}: missing {', '.join(absent)}")
            continue
        if uid in seen:
            errors.append(f"{uid}: UID used twice")
        seen.add(uid)
        stamp = event.decoded("DTSTAMP")
        if as_utc(stamp) is None or stamp.utcoffset() != timedelta(0):
            errors.append(f"{uid}: DTSTAMP is not in UTC")
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        if type(start) is not type(end):
            errors.append(f"{uid}: DTSTART and DTEND are not of the same value type")
        elif isinstance(start, (date, datetime)) and not end > start:
            errors.append(f"{uid}: DTEND {end} is not after DTSTART {start}")
        shown = as_utc(start)
        when = shown.strftime("%Y-%m-%d %H:%MZ") if shown else str(start)
        status = str(event.get("STATUS", "-"))
        sequence = str(event.get("SEQUENCE", "0"))
        lines.append(f"  {when}  {status:<9} seq {sequence:<3} {uid}  {event.get('SUMMARY', '')}")
    errors += zone_errors(calendar, events)
    zones = [str(z.get("TZID")) for z in calendar.walk("VTIMEZONE")]
    lines.append(
        f"{len(events)} event(s), {len(zones)} time zone(s)"
        + (f" ({', '.join(zones)})" if zones else "")
        + f", icalendar {icalendar.__version__}")
    return errors, lines


def main(argv: list[str]) -> int:
    if len(argv) > 2 or (len(argv) == 2 and argv[1] in ("-h", "--help")):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    path = argv[1] if len(argv) == 2 else "-"
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as file:
                data = file.read()
    except OSError as error:
        print(f"check_ics: {error}", file=sys.stderr)
        return 2
    errors, lines = check(data)
    for line in lines:
        print(line)
    name = "stdin" if path == "-" else path
    if errors:
        for error in errors:
            print(f"error: {error}", file=sys.stderr)
        print(f"{name}: INVALID ({len(errors)} problem(s))", file=sys.stderr)
        return 1
    print(f"{name}: valid")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
