#!/usr/bin/env python3
"""The IHTC-2024 surgical rules and cost, checked on a rebook plan by code that shares
nothing with rebook: it reads the competition's own instance (JSON) and the plan's
schedule.csv and unscheduled.csv, and works out day, theatre and surgeon from them.

Hard rules (the competition's, surgical part): every patient at most once; a scheduled
patient's day is within [release, due] (mandatory) or [release, last day] (optional);
the operating surgeon is the patient's; a surgeon's minutes on a day <= max_surgery_time;
a theatre's minutes on a day <= availability (0 = closed); every mandatory patient is
scheduled. Every patient is in exactly one of the two files.

Cost = open_operating_theater x theatre-days with a surgery
     + surgeon_transfer x sum over (surgeon, day) of (theatres used - 1)
     + patient_delay x sum of (day - release day)
     + unscheduled_optional x optional patients not scheduled.

Usage: ihtc_check.py INSTANCE.json PLAN_DIR [DAY_ZERO]   (DAY_ZERO: 2024-07-01)
Prints one JSON object: valid, violations, cost and its four terms. Exit 0 valid, 3 not.
"""
import csv
import datetime
import json
import sys
from collections import defaultdict


def main():
    instance_path, plan_dir = sys.argv[1], sys.argv[2]
    day_zero = datetime.date.fromisoformat(sys.argv[3] if len(sys.argv) > 3 else "2024-07-01")
    inst = json.load(open(instance_path))
    days = inst["days"]
    patients = {p["id"]: p for p in inst["patients"]}
    surgeons = {s["id"]: s["max_surgery_time"] for s in inst["surgeons"]}
    theatres = {t["id"]: t["availability"] for t in inst["operating_theaters"]}
    w = inst["weights"]
    violations = []

    def rows(name):
        with open(f"{plan_dir}/{name}", newline="", encoding="utf-8-sig") as f:
            return list(csv.DictReader(f))

    scheduled = {}
    for row in rows("schedule.csv"):
        pid = row["case_id"]
        if pid in scheduled:
            violations.append(f"{pid} scheduled twice")
        day = (datetime.date.fromisoformat(row["date"]) - day_zero).days
        scheduled[pid] = (day, row["theatre"], row["surgeon"])
    unscheduled = {row["case_id"] for row in rows("unscheduled.csv")}
    for pid in patients:
        if (pid in scheduled) == (pid in unscheduled):
            violations.append(f"{pid} is in {'both files' if pid in scheduled else 'neither file'}")
    for pid in set(scheduled) | unscheduled:
        if pid not in patients:
            violations.append(f"{pid} is not a patient of the instance")

    surgeon_minutes = defaultdict(int)
    theatre_minutes = defaultdict(int)
    surgeon_theatres = defaultdict(set)
    delay = 0
    for pid, (day, theatre, surgeon) in scheduled.items():
        p = patients.get(pid)
        if p is None:
            continue
        last = p["surgery_due_day"] if p["mandatory"] else days - 1
        if not p["surgery_release_day"] <= day <= last:
            violations.append(f"{pid} on day {day}, outside [{p['surgery_release_day']}, {last}]")
        if surgeon != p["surgeon_id"]:
            violations.append(f"{pid} operated by {surgeon}, not {p['surgeon_id']}")
        if theatre not in theatres:
            violations.append(f"{pid} in unknown theatre {theatre}")
            continue
        surgeon_minutes[(p["surgeon_id"], day)] += p["surgery_duration"]
        theatre_minutes[(theatre, day)] += p["surgery_duration"]
        surgeon_theatres[(p["surgeon_id"], day)].add(theatre)
        delay += day - p["surgery_release_day"]
    for (s, day), minutes in surgeon_minutes.items():
        if not 0 <= day < days or minutes > surgeons[s][day]:
            violations.append(f"surgeon {s} day {day}: {minutes} minutes")
    for (t, day), minutes in theatre_minutes.items():
        if not 0 <= day < days or minutes > theatres[t][day]:
            violations.append(f"theatre {t} day {day}: {minutes} minutes")
    unscheduled_optional = 0
    for pid, p in patients.items():
        if pid not in scheduled:
            if p["mandatory"]:
                violations.append(f"mandatory {pid} not scheduled")
            else:
                unscheduled_optional += 1
    terms = {
        "open": w["open_operating_theater"] * len(theatre_minutes),
        "transfer": w["surgeon_transfer"] * sum(len(t) - 1 for t in surgeon_theatres.values()),
        "delay": w["patient_delay"] * delay,
        "unscheduled": w["unscheduled_optional"] * unscheduled_optional,
    }
    print(json.dumps({"valid": not violations, "violations": violations[:20],
                      "cost": sum(terms.values()), **terms}))
    sys.exit(0 if not violations else 3)


if __name__ == "__main__":
    main()
