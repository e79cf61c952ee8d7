"""Every dated due moment of the acceptance scenarios (section 15) of the five regulation cards in
shared/regulations/, recomputed with compute_due on the shipped calendars.

Reading the rows:
- start and expected are local wall-clock times of the row's calendar (Moscow, Vladivostok, Almaty).
- Where a card gives a date but no time, the start is an assumed moment inside office hours
  (marked "time assumed"); the due moment does not depend on it.
- Office hours are the calendar's (09:00-18:00, 17:00 on a pre-holiday day), so an office term
  ends at the close of its last day even where a card wrote 23:59:59 (SPb section 9 convention).
- Where a card's arithmetic contradicts DESIGN.md "Statutory deadlines" the rules win; the row's
  comment says which reading was taken.
- Minute terms of a chain of procedures (Tver P1-P7) start where the card starts them: at the
  previous step's due moment, each step taking its whole maximum.
- "The last working day before the visit" (Leningrad D6, A4) is the term `-1wd` counted back from
  the booked visit. It is a term rather than a calendar look-up done by the caller because it is a
  statutory deadline like the others: a diagram's timer writes it as `due("-1wd", start=visit)`
  with its clause, and the engine records it met or breached. The text (cl. 3.5) reviews "the day
  following the current one" and is silent on days off; the card's reading (the next working day,
  so Friday's reviews cover the visits after the weekend) fills that gap without contradicting it.
- Not rows here: booking windows and cut-offs (Leningrad S1/S2/S4/S7 windows, Tver booking cut-off
  00:00 of D-1) are ranges of admissible dates, not terms; deregistration effective dates
  (Primorye T13) are date rules; the Primorye `roll_citizen_deadlines=false` variant of S05 is a
  configuration the rules do not have; net contact-time caps (SPb S02) are sums, not due moments.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from engine.calendars import get_calendar
from engine.deadlines import compute_due, deemed_received


def case(card, scenario, clause, calendar, start, term, expected, party="office"):
    return pytest.param(calendar, start, term, party, expected, clause, id=f"{card}-{scenario}")


LENINGRAD = [
    case("leningrad", "S1-notification", "cl. 2.8", "RU-LEN", "2026-01-13 11:20", "1wd", "2026-01-14 18:00"),
    # The card says end of Mon 2 Feb (its D3 makes the first working day after an after-hours
    # receipt day 1). The rules: received Fri 19:40 counts as received Mon 09:00, and a day term
    # starts on the day after the event, so 1wd ends on Tuesday.
    case("leningrad", "S3-notification", "cl. 2.8", "RU-LEN", "2026-01-30 19:40", "1wd", "2026-02-03 18:00"),
    # The card says end of Mon 4 May. 30 April 2026 is a pre-holiday day closing at 17:00, so 17:30
    # is after hours: counted as Mon 4 May 09:00, due Tue 5 May (same reading as S3).
    case("leningrad", "S4-notification", "cl. 2.8", "RU-LEN", "2026-04-30 17:30", "1wd", "2026-05-05 18:00"),
    # D6: the employee is assigned at the reviews of the last working day before the visit, so
    # by the close of that day; 7-9 March are non-working, so the Tuesday visit is Friday's
    case("leningrad", "S5-assignment", "cl. 3.5, D6, A4", "RU-LEN", "2026-03-10 09:30", "-1wd", "2026-03-06 18:00"),
    case("leningrad", "S6-assignment", "cl. 3.5, D6", "RU-LEN", "2026-02-19 14:00", "-1wd", "2026-02-18 18:00"),
    case("leningrad", "S7-lateness", "cl. 1.8", "RU-LEN", "2026-01-26 10:00", "5min", "2026-01-26 10:05"),
    case("leningrad", "S8-no-show", "cl. 1.8", "RU-LEN", "2026-02-19 14:00", "5min", "2026-02-19 14:05"),
    # time assumed
    case("leningrad", "S10-notification", "cl. 2.8", "RU-LEN", "2026-02-03 12:00", "1wd", "2026-02-04 18:00"),
    case("leningrad", "S12-notifications", "cl. 2.8", "RU-LEN", "2026-02-16 09:00", "1wd", "2026-02-17 18:00"),
]

TVER = [
    case("tver", "T1-registration", "cl. 44", "RU-TVE", "2026-02-03 10:00", "5min", "2026-02-03 10:05"),
    case("tver", "T1-service-cap", "cl. 21", "RU-TVE", "2026-02-03 10:05", "60min", "2026-02-03 11:05"),
    # P1-P7 chained: each procedure starts at the previous one's due moment, P1 at the registration
    case("tver", "T1-P1-analysis", "cl. 86", "RU-TVE", "2026-02-03 10:05", "15min", "2026-02-03 10:20"),
    case("tver", "T1-P2-informing", "cl. 93", "RU-TVE", "2026-02-03 10:20", "5min", "2026-02-03 10:25"),
    case("tver", "T1-P3-worker-named", "cl. 100", "RU-TVE", "2026-02-03 10:25", "5min", "2026-02-03 10:30"),
    case("tver", "T1-P4-order-signed", "cl. 110", "RU-TVE", "2026-02-03 10:30", "15min", "2026-02-03 10:45"),
    case("tver", "T1-P5-conclusion-drawn-up", "cl. 115", "RU-TVE", "2026-02-03 10:45", "5min", "2026-02-03 10:50"),
    case("tver", "T1-P6-conclusion-issued", "cl. 119, 125", "RU-TVE", "2026-02-03 10:50", "5min", "2026-02-03 10:55"),
    case("tver", "T1-P7-register", "cl. 130", "RU-TVE", "2026-02-03 10:55", "10min", "2026-02-03 11:05"),
    # D28: the card's recommended default of 5 WD (Federal Law 210-FZ art. 7.2 part 3)
    case("tver", "T1-mse-follow-up", "cl. 34, 84(3)", "RU-TVE", "2026-02-03 10:00", "5wd", "2026-02-10 18:00"),
    case("tver", "T2-mse-follow-up", "cl. 34, 84(3)", "RU-TVE", "2026-03-04 11:00", "5wd", "2026-03-12 18:00"),
    # "on the day of receipt, or the first WD after" = 0wd from the deemed receipt
    case("tver", "T3-registration", "cl. 43(3)", "RU-TVE", "2026-03-07 14:00", "0wd", "2026-03-10 18:00"),
    case("tver", "T3-personal-account", "cl. 49", "RU-TVE", "2026-03-10 09:00", "2wd", "2026-03-12 18:00"),
    case("tver", "T3-slot-agreed", "cl. 76", "RU-TVE", "2026-03-10 09:00", "1wd", "2026-03-11 18:00"),
    case("tver", "T3-booking-window", "cl. 75(1), A5", "RU-TVE", "2026-03-10 09:00", "5wd", "2026-03-17 18:00"),
    case("tver", "T3-P2-remote", "cl. 93, A26", "RU-TVE", "2026-03-10 09:00", "5wd", "2026-03-17 18:00"),
    # time assumed (letter received Mon 1 Jun)
    case("tver", "T4-registration", "cl. 43(2)", "RU-TVE", "2026-06-01 10:00", "0wd", "2026-06-01 18:00"),
    case("tver", "T4-slot-agreed", "cl. 76", "RU-TVE", "2026-06-01 10:00", "1wd", "2026-06-02 18:00"),
    case("tver", "T4-P2-remote", "cl. 93", "RU-TVE", "2026-06-01 10:00", "5wd", "2026-06-08 18:00"),
    case("tver", "T4-no-show-threshold", "cl. 78", "RU-TVE", "2026-06-04 14:00", "15min", "2026-06-04 14:15"),
    case("tver", "T4-waiting", "cl. 42", "RU-TVE", "2026-06-04 14:10", "5min", "2026-06-04 14:15"),
    case("tver", "T5-acceptance-and-booking", "cl. 51", "RU-TVE", "2026-04-30 11:00", "15min", "2026-04-30 11:15"),
    # cl. 52: the records officer picks up handed-over applications at the end of every hour; the
    # hand-over is due by 12:15, so the 12:00 check takes it if it came before noon, else 13:00
    case("tver", "T5-scan-after-12-check", "cl. 52", "RU-TVE", "2026-04-30 12:00", "20min", "2026-04-30 12:20"),
    case("tver", "T5-scan-after-13-check", "cl. 52", "RU-TVE", "2026-04-30 13:00", "20min", "2026-04-30 13:20"),
    # The card gives Fri 8 May; it is the eve of Victory Day (Sat 9 May), so the office closes at 17:00.
    case("tver", "T5-booking-window", "cl. 75(1)", "RU-TVE", "2026-04-30 11:00", "5wd", "2026-05-08 17:00"),
    case("tver", "T5-hand-over", "cl. 51", "RU-TVE", "2026-04-30 11:15", "1h", "2026-04-30 12:15"),
    case("tver", "T5-transfer-to-czn", "cl. 54", "RU-TVE", "2026-04-30 11:00", "1wd", "2026-05-04 18:00"),
    # time assumed (registered at the CZN on 4 May)
    case("tver", "T5-czn-actions", "cl. 57", "RU-TVE", "2026-05-04 10:00", "1wd", "2026-05-05 18:00"),
    case("tver", "T6-registration", "cl. 53", "RU-TVE", "2026-02-06 16:30", "20min", "2026-02-06 16:50"),
    case("tver", "T6-booking", "cl. 75", "RU-TVE", "2026-02-06 16:30", "1wd", "2026-02-09 18:00"),
    case("tver", "T6-booking-window", "cl. 75(1)", "RU-TVE", "2026-02-06 16:30", "5wd", "2026-02-13 18:00"),
    case("tver", "T6-transfer-to-czn", "cl. 54", "RU-TVE", "2026-02-06 16:30", "1wd", "2026-02-09 18:00"),
    case("tver", "T7-no-show", "cl. 78", "RU-TVE", "2026-05-06 10:00", "15min", "2026-05-06 10:15"),
    # time assumed (contact Thu 7 May)
    case("tver", "T7-rebooking-window", "cl. 75(1), A19", "RU-TVE", "2026-05-07 10:00", "5wd", "2026-05-15 18:00"),
    case("tver", "T8-registration", "cl. 44", "RU-TVE", "2026-04-14 09:00", "5min", "2026-04-14 09:05"),
    # the NGO path keeps the chain of T1; the card names P1, P4, the issued conclusion (P6) and P7
    case("tver", "T8-P1-analysis", "cl. 86", "RU-TVE", "2026-04-14 09:05", "15min", "2026-04-14 09:20"),
    case("tver", "T8-P2-informing", "cl. 93", "RU-TVE", "2026-04-14 09:20", "5min", "2026-04-14 09:25"),
    case("tver", "T8-P3-commission", "cl. 100", "RU-TVE", "2026-04-14 09:25", "5min", "2026-04-14 09:30"),
    case("tver", "T8-P4-interim-order", "cl. 110", "RU-TVE", "2026-04-14 09:30", "15min", "2026-04-14 09:45"),
    case("tver", "T8-P5-conclusion-drawn-up", "cl. 115", "RU-TVE", "2026-04-14 09:45", "5min", "2026-04-14 09:50"),
    case("tver", "T8-P6-conclusion-issued", "cl. 119, 125", "RU-TVE", "2026-04-14 09:50", "5min", "2026-04-14 09:55"),
    case("tver", "T8-P7-register", "cl. 130", "RU-TVE", "2026-04-14 09:55", "10min", "2026-04-14 10:05"),
    case("tver", "T8-service-cap", "cl. 21", "RU-TVE", "2026-04-14 09:05", "60min", "2026-04-14 10:05"),
    case("tver", "T9-correction", "cl. 124, 125", "RU-TVE", "2026-11-16 10:00", "5min", "2026-11-16 10:05"),
    # time assumed (received Thu 5 Nov, registered Fri 6 Nov, decided Fri 27 Nov)
    case("tver", "T11-registration", "cl. 168", "RU-TVE", "2026-11-05 10:00", "1wd", "2026-11-06 18:00"),
    case("tver", "T11-consideration", "cl. 172", "RU-TVE", "2026-11-06 10:00", "15wd", "2026-11-27 18:00"),
    # D+1 = Sat 28 Nov, a non-working day, so the calendar-day term moves to Mon 30 Nov (A21)
    case("tver", "T11-answer", "cl. 178, A21", "RU-TVE", "2026-11-27 15:00", "1d", "2026-11-30 18:00"),
    case("tver", "T11-remedy", "cl. 175", "RU-TVE", "2026-11-27 15:00", "5wd", "2026-12-04 18:00"),
    case("tver", "T11-mfc-forwarding", "cl. 169", "RU-TVE", "2026-02-06 10:00", "1wd", "2026-02-09 18:00"),
    case("tver", "T12a-consideration", "cl. 172", "RU-TVE", "2026-06-10 10:00", "5wd", "2026-06-18 18:00"),
    case("tver", "T12b-forwarding", "cl. 173", "RU-TVE", "2026-06-11 10:00", "3wd", "2026-06-17 18:00"),
]

SPB = [
    case("spb", "S01-queue", "cl. 2.14", "RU-SPE", "2026-02-10 10:00", "15min", "2026-02-10 10:15"),
    case("spb", "S01-registration", "cl. 2.15", "RU-SPE", "2026-02-10 10:12", "5min", "2026-02-10 10:17"),
    # 90-minute cap plus 40 minutes of testing, which cl. 2.4 excludes: terms have no pauses, so the
    # caller adds the testing time to the cap (90 + 40 = 130 minutes)
    case("spb", "S01-service-cap", "cl. 2.4, 2.17.2", "RU-SPE", "2026-02-10 10:12", "130min", "2026-02-10 12:22"),
    case("spb", "S01-typo-correction", "cl. 3.4.2.4", "RU-SPE", "2026-02-10 12:14", "2min", "2026-02-10 12:16"),
    case("spb", "S04-mfc-dispatch", "cl. 6.3.3", "RU-SPE", "2026-05-08 14:00", "1wd", "2026-05-12 18:00"),
    case("spb", "S04-receipt-confirmation", "cl. 3.1.2.2", "RU-SPE", "2026-05-12 10:00", "24h", "2026-05-13 10:00"),
    # the card's "due 2026-05-12" means 23:59:59 by its convention; an office term ends at the close
    case("spb", "S04-registration", "cl. 3.1.2.2", "RU-SPE", "2026-05-12 10:00", "0wd", "2026-05-12 18:00"),
    case("spb", "S04-appointment-agreed", "cl. 2.14, 3.1.1", "RU-SPE", "2026-05-12 10:00", "1wd", "2026-05-13 18:00"),
    case("spb", "S04-pre-booked-wait", "cl. 2.14", "RU-SPE", "2026-05-18 10:00", "5min", "2026-05-18 10:05"),
    case("spb", "S05c-mfc-dispatch", "cl. 6.3.3", "RU-SPE", "2026-04-06 11:00", "1wd", "2026-04-07 18:00"),
    # the card's due 12 Jan is the same-day target of the arrival day (0wd from the deemed receipt);
    # the cap of cl. 2.15 for the Portal, "≤ 1 working day", ends on 13 Jan ("latest defensible")
    case("spb", "S06-registration", "cl. 3-1.2.2", "RU-SPE", "2026-01-03 21:00", "0wd", "2026-01-12 18:00"),
    case("spb", "S06-registration-cap", "cl. 2.15", "RU-SPE", "2026-01-03 21:00", "1wd", "2026-01-13 18:00"),
    # polling within 4 h of the start of the next working day (DL09), counted from the deemed receipt
    case("spb", "S06-pickup", "cl. 3-1.2.2", "RU-SPE", "2026-01-12 09:00", "4h", "2026-01-12 13:00"),
    case("spb", "S06-appointment-agreed", "cl. 2.14, 3.1.1", "RU-SPE", "2026-01-03 21:00", "1wd", "2026-01-13 18:00"),
    # the official's appearance deadline: the close of the appointment day
    case("spb", "S06-appearance", "cl. 3-1.2.2", "RU-SPE", "2026-01-20 10:00", "0wd", "2026-01-20 18:00"),
    # 11 June is the eve of Russia Day: the office closes at 17:00 (the card gives the date only)
    case("spb", "S07a-registration", "cl. 3.1.2.3", "RU-SPE", "2026-06-11 15:00", "0wd", "2026-06-11 17:00"),
    case("spb", "S07a-appointment-agreed", "cl. 2.14", "RU-SPE", "2026-06-11 15:00", "1wd", "2026-06-15 18:00"),
    case("spb", "S07b-registration", "cl. 3.1.2.3", "RU-SPE", "2026-06-11 19:30", "0wd", "2026-06-15 18:00"),
    case("spb", "S07b-appointment-agreed", "cl. 2.14", "RU-SPE", "2026-06-11 19:30", "1wd", "2026-06-16 18:00"),
    # time assumed (received Thu 30 Apr, registered Mon 4 May, decided Fri 22 May)
    case("spb", "S08-registration", "cl. 5.5", "RU-SPE", "2026-04-30 10:00", "1wd", "2026-05-04 18:00"),
    case("spb", "S08-decision", "cl. 5.5", "RU-SPE", "2026-05-04 10:00", "15wd", "2026-05-26 18:00"),
    # The card keeps Sat 23 May (strict reading, A10) and sends the answer on the 22nd. The rules:
    # a calendar-day term whose last day is non-working ends on the next working day (Civil Code
    # art. 193), so Mon 25 May. Sending on the decision day stays good practice.
    case("spb", "S08-answer", "cl. 5.7, A10", "RU-SPE", "2026-05-22 15:00", "1d", "2026-05-25 18:00"),
    case("spb", "S08-remedy", "cl. 5.7", "RU-SPE", "2026-05-22 15:00", "5wd", "2026-05-29 18:00"),
    # The card says Tue 24 Feb (A12: from a non-working day the "next working day" is the first one
    # after it). The rules: the Saturday portal complaint counts as received Tue 24 Feb 09:00 (23 Feb
    # is a holiday) and the term starts the day after, so Wed 25 Feb.
    case("spb", "S09-registration", "cl. 5.5", "RU-SPE", "2026-02-21 12:00", "1wd", "2026-02-25 18:00"),
    # counted from the registration actually made on Tue 24 Feb, as the card does (time assumed)
    case("spb", "S09-decision", "cl. 5.5", "RU-SPE", "2026-02-24 10:00", "5wd", "2026-03-03 18:00"),
    case("spb", "S09-answer", "cl. 5.7", "RU-SPE", "2026-03-02 15:00", "1d", "2026-03-03 18:00"),
    case("spb", "S09-remedy", "cl. 5.7", "RU-SPE", "2026-03-02 15:00", "5wd", "2026-03-10 18:00"),
    # time assumed (filed Thu 11 Jun, received by the Committee Mon 15 Jun, registered Tue 16 Jun)
    case("spb", "S10-mfc-forwarding", "cl. 5.4.2", "RU-SPE", "2026-06-11 10:00", "1wd", "2026-06-15 18:00"),
    case("spb", "S10-registration", "cl. 5.5", "RU-SPE", "2026-06-15 10:00", "1wd", "2026-06-16 18:00"),
    case("spb", "S10-decision", "cl. 5.5", "RU-SPE", "2026-06-16 10:00", "15wd", "2026-07-07 18:00"),
    # 3 November is the eve of National Unity Day: the office closes at 17:00
    case("spb", "S11-registration", "cl. 5.5", "RU-SPE", "2026-11-02 10:00", "1wd", "2026-11-03 17:00"),
    case("spb", "S11-redirect-and-notice", "cl. 5.4.2", "RU-SPE", "2026-11-03 10:00", "3wd", "2026-11-09 18:00"),
    case("spb", "S11-mfc-decision", "cl. 6.5.5.3", "RU-SPE", "2026-11-10 10:00", "5wd", "2026-11-17 18:00"),
    case("spb", "S12-registration", "cl. 5.5", "RU-SPE", "2026-03-06 10:00", "1wd", "2026-03-10 18:00"),
    case("spb", "S12-notice-without-answer", "cl. 5.4.2", "RU-SPE", "2026-03-10 10:00", "3wd", "2026-03-13 18:00"),
]

PRIMORYE = [
    # time assumed throughout where the card gives dates only (10:00 local)
    case("primorye", "S01-approval", "cl. 3.3.1.4", "RU-PRI", "2026-03-10 10:00", "10wd", "2026-03-24 18:00"),
    case("primorye", "S01-guarantee-letter", "cl. 3.3.1.5", "RU-PRI", "2026-03-12 10:00", "10wd", "2026-03-26 18:00"),
    # "в трехдневный срок" read as calendar days (A5): Sat 21 Mar moves to Mon 23 Mar
    case("primorye", "S01-invitation", "cl. 3.3.1.5, A5", "RU-PRI", "2026-03-18 10:00", "3d", "2026-03-23 18:00"),
    case("primorye", "S01-contract-draft", "cl. 3.3.1.6", "RU-PRI", "2026-03-18 10:00", "1wd", "2026-03-19 18:00"),
    case("primorye", "S01-deregistration", "cl. 3.3.1.7", "RU-PRI", "2026-03-20 10:00", "1wd", "2026-03-23 18:00"),
    # V1: only the fixed date, no 30-day rule (A6); a term of the citizen
    case(
        "primorye",
        "S01-fs-documents",
        "cl. 2.6.2, 3.3.1.8, A6",
        "RU-PRI",
        "2026-03-20 10:00",
        "12-10",
        "2026-12-10 23:59:59",
        "applicant",
    ),
    case("primorye", "S01-transfer", "cl. 3.3.1.10, A4", "RU-PRI", "2026-07-06 10:00", "10wd", "2026-07-20 18:00"),
    case("primorye", "S02-approval", "cl. 3.3.2.4", "RU-PRI", "2026-05-18 10:00", "10wd", "2026-06-01 18:00"),
    case("primorye", "S02-guarantee-letter", "cl. 3.3.2.5", "RU-PRI", "2026-05-20 10:00", "10wd", "2026-06-03 18:00"),
    case("primorye", "S02-invitation", "cl. 3.3.2.5, A5", "RU-PRI", "2026-05-27 10:00", "3d", "2026-06-01 18:00"),
    case("primorye", "S02-contract-draft", "cl. 3.3.2.6, A2", "RU-PRI", "2026-05-27 10:00", "1wd", "2026-05-28 18:00"),
    # the literal reading of cl. 3.3.2.6 (from the employer's approval), behind the A2 config flag
    case(
        "primorye",
        "S02-contract-draft-literal",
        "cl. 3.3.2.6",
        "RU-PRI",
        "2026-05-20 10:00",
        "1wd",
        "2026-05-21 18:00",
    ),
    case("primorye", "S02-deregistration", "cl. 3.3.2.7", "RU-PRI", "2026-06-03 10:00", "1wd", "2026-06-04 18:00"),
    case(
        "primorye",
        "S02-fs-documents",
        "cl. 2.6.4, 3.3.2.9",
        "RU-PRI",
        "2026-06-01 09:00",
        "min(30d, 12-10)",
        "2026-07-01 23:59:59",
        "applicant",
    ),
    # 10 WD after 5 June skip Fri 12 June (Russia Day)
    case("primorye", "S02-transfer", "cl. 3.3.2.11", "RU-PRI", "2026-06-05 10:00", "10wd", "2026-06-22 18:00"),
    case("primorye", "S03-invitation", "cl. 3.3.2.5, A5", "RU-PRI", "2026-10-30 10:00", "3d", "2026-11-02 18:00"),
    # the working-day reading of A5, tested alongside: 4 November is a holiday
    case(
        "primorye",
        "S03-invitation-working-days",
        "cl. 3.3.2.5, A5",
        "RU-PRI",
        "2026-10-30 10:00",
        "3wd",
        "2026-11-05 18:00",
    ),
    case("primorye", "S03-contract-draft", "cl. 3.3.2.6", "RU-PRI", "2026-10-30 10:00", "1wd", "2026-11-02 18:00"),
    case("primorye", "S03-deregistration", "cl. 3.3.2.7", "RU-PRI", "2026-11-12 10:00", "1wd", "2026-11-13 18:00"),
    case(
        "primorye",
        "S04-fs-documents",
        "cl. 2.6.5, 3.3.2.12",
        "RU-PRI",
        "2026-11-16 09:00",
        "min(30d, 12-10)",
        "2026-12-10 23:59:59",
        "applicant",
    ),
    case("primorye", "S04a-transfer", "cl. 3.3.2.14, A3", "RU-PRI", "2026-12-09 10:00", "5wd", "2026-12-16 18:00"),
    case("primorye", "S04a-transfer-limit", "cl. 2.6.5, A3", "RU-PRI", "2026-12-09 10:00", "10wd", "2026-12-23 18:00"),
    # Sun 5 April moves to Mon 6 April (roll forward of the 30-day term)
    case(
        "primorye",
        "S05-fs-documents",
        "cl. 2.6.4, 3.3.2.9",
        "RU-PRI",
        "2026-03-06 09:00",
        "min(30d, 12-10)",
        "2026-04-06 23:59:59",
        "applicant",
    ),
    case("primorye", "S05a-transfer", "cl. 3.3.2.11", "RU-PRI", "2026-04-06 10:00", "10wd", "2026-04-20 18:00"),
    case("primorye", "S06-visit-agreed", "cl. 2.16, 3.3.4.1", "RU-PRI", "2026-03-06 19:40", "1wd", "2026-03-11 18:00"),
    case("primorye", "S07-mfc-transfer", "cl. 2.2, 3.3.3.2", "RU-PRI", "2026-04-30 11:00", "1wd", "2026-05-04 18:00"),
    case("primorye", "S07-visit-booked", "cl. 2.16", "RU-PRI", "2026-05-04 10:00", "1wd", "2026-05-05 18:00"),
    # the card gives Thu 30 Apr; it is the eve of 1 May, so the office closes at 17:00
    case("primorye", "S08-approval", "cl. 3.3.1.4", "RU-PRI", "2026-04-16 10:00", "10wd", "2026-04-30 17:00"),
    case("primorye", "S08-guarantee-letter", "cl. 3.3.1.5", "RU-PRI", "2026-04-30 12:00", "10wd", "2026-05-18 18:00"),
    case("primorye", "S11-registration", "cl. 3.4", "RU-PRI", "2026-10-29 10:00", "0wd", "2026-10-29 18:00"),
    case("primorye", "S11-correction", "cl. 3.4, A13", "RU-PRI", "2026-10-29 10:00", "5wd", "2026-11-06 18:00"),
    case("primorye", "S11-correction-limit", "cl. 3.4, A13", "RU-PRI", "2026-10-29 10:00", "6wd", "2026-11-09 18:00"),
    case("primorye", "S12a-registration", "cl. 5.6", "RU-PRI", "2026-04-13 10:00", "0wd", "2026-04-13 18:00"),
    case("primorye", "S12a-decision", "cl. 5.6", "RU-PRI", "2026-04-13 10:00", "15wd", "2026-05-05 18:00"),
    case("primorye", "S12a-answer", "cl. 5.6", "RU-PRI", "2026-05-05 15:00", "1d", "2026-05-06 18:00"),
    case("primorye", "S12a-remedy", "cl. 5.6", "RU-PRI", "2026-05-05 15:00", "5wd", "2026-05-13 18:00"),
    case("primorye", "S12b-decision", "cl. 5.6", "RU-PRI", "2026-04-13 10:00", "5wd", "2026-04-20 18:00"),
    case("primorye", "S12c-notice", "cl. 5.8", "RU-PRI", "2026-04-13 10:00", "7d", "2026-04-20 18:00"),
    case("primorye", "S12d-redirect", "cl. 5.9", "RU-PRI", "2026-04-13 10:00", "3wd", "2026-04-16 18:00"),
    case("primorye", "S12e-mfc-forwarding", "cl. 5.4", "RU-PRI", "2026-04-30 11:00", "1wd", "2026-05-04 18:00"),
]

KARAGANDA = [
    case("karaganda", "K1-P1-registration", "cl. 5(1)", "KZ-KAR", "2026-01-13 09:30", "2min", "2026-01-13 09:32"),
    case("karaganda", "K1-P2-assignment", "cl. 5(2)", "KZ-KAR", "2026-01-13 09:32", "2min", "2026-01-13 09:34"),
    case("karaganda", "K1-P3-draft", "cl. 5(3)", "KZ-KAR", "2026-01-13 09:34", "3min", "2026-01-13 09:37"),
    case("karaganda", "K1-P4-signature", "cl. 5(4)", "KZ-KAR", "2026-01-13 09:37", "2min", "2026-01-13 09:39"),
    case("karaganda", "K1-P5-issue", "cl. 5(5)", "KZ-KAR", "2026-01-13 09:39", "1min", "2026-01-13 09:40"),
    case("karaganda", "K1-end-to-end", "cl. 5, 7 (D6)", "KZ-KAR", "2026-01-13 09:30", "10min", "2026-01-13 09:40"),
    case("karaganda", "K2-refusal", "cl. 5, 7 (D6)", "KZ-KAR", "2026-02-04 11:00", "10min", "2026-02-04 11:10"),
    case("karaganda", "K3-escalation", "cl. 5(2)", "KZ-KAR", "2026-02-05 10:02", "2min", "2026-02-05 10:04"),
    case("karaganda", "K3-kpi", "cl. 5, 7 (D6)", "KZ-KAR", "2026-02-05 10:00", "10min", "2026-02-05 10:10"),
    # the card's recommended 7-minute portal SLA (A6): the D2-D4 chain once picked up
    case("karaganda", "K7-refusal", "cl. 8(9), 8(10), A6", "KZ-KAR", "2026-03-04 10:00", "7min", "2026-03-04 10:07"),
    case("karaganda", "K8-notification", "cl. 8(11), A6", "KZ-KAR", "2026-03-04 10:30", "7min", "2026-03-04 10:37"),
    # from the Nauryz pick-up at Thu 26 Mar 09:00 (see the deemed-receipt rows)
    case("karaganda", "K9-result", "cl. 5, 7 (D6)", "KZ-KAR", "2026-03-26 09:00", "10min", "2026-03-26 09:10"),
]

DEEMED_RECEIPTS = [
    # Nauryz: 21-25 March are non-working
    pytest.param("KZ-KAR", "2026-03-21 12:00", "2026-03-26 09:00", "cl. 8(8), D7", id="karaganda-K9-pickup"),
    # 7 May (Defender of the Fatherland Day) is non-working; 8 May is an ordinary working day in KZ
    pytest.param("KZ-KAR", "2026-05-06 19:30", "2026-05-08 09:00", "cl. 8(8), D7", id="karaganda-K10-pickup"),
    # The card: picked up 17:56, unfinished at the 18:00 close, resumes the next working day. Read
    # as a receipt at closing time; 27 May (Kurban Ait) is non-working.
    pytest.param("KZ-KAR", "2026-05-26 18:00", "2026-05-28 09:00", "cl. 8(8), D7, A6", id="karaganda-K11-resume"),
    pytest.param("KZ-KAR", "2026-01-02 10:00", "2026-01-05 09:00", "cl. 1", id="karaganda-K12-next-intake"),
    pytest.param("RU-LEN", "2026-01-30 19:40", "2026-02-02 09:00", "cl. 2.4, 2.8", id="leningrad-S3-receipt"),
    pytest.param("RU-LEN", "2026-04-30 17:30", "2026-05-04 09:00", "cl. 2.4, 2.8", id="leningrad-S4-receipt"),
    pytest.param("RU-TVE", "2026-03-07 14:00", "2026-03-10 09:00", "cl. 43(3)", id="tver-T3-receipt"),
    pytest.param("RU-SPE", "2026-01-03 21:00", "2026-01-12 09:00", "cl. 3-1.2.2, A12", id="spb-S06-receipt"),
    pytest.param("RU-SPE", "2026-06-11 19:30", "2026-06-15 09:00", "cl. 3.1.2.3, A4", id="spb-S07b-receipt"),
    pytest.param("RU-PRI", "2026-03-06 19:40", "2026-03-10 09:00", "cl. 3.3.4.1", id="primorye-S06-receipt"),
]


def local(calendar_code: str, text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=get_calendar(calendar_code).zone)


@pytest.mark.parametrize(
    ("calendar", "start", "term", "party", "expected", "clause"), LENINGRAD + TVER + SPB + PRIMORYE + KARAGANDA
)
def test_card_scenario_due_moment(calendar, start, term, party, expected, clause):
    result = compute_due(get_calendar(calendar), local(calendar, start), term, party=party)
    assert result.due == local(calendar, expected), f"{clause}: {term} from {start} ({party})"
    assert result.warnings == (), "every 2026 scenario runs on confirmed calendar data"


@pytest.mark.parametrize(("calendar", "moment", "expected", "clause"), DEEMED_RECEIPTS)
def test_card_scenario_deemed_receipt_moment(calendar, moment, expected, clause):
    deemed = deemed_received(get_calendar(calendar), local(calendar, moment))
    assert deemed == local(calendar, expected), clause
