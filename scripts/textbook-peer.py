#!/usr/bin/env python3
"""The textbook peer: rebook's backlog solved as the plain MILP in HiGHS, side by side
with `rebook plan` on the same files and the same time limit.

The peer takes the whole model as `rebook model` writes it (one binary x[case, list]
per allowed pair, one list per case, the lists' minutes, surgeons' daily minutes,
resources per day, one operation per patient per day; the objective is the plan's cost
in rebook's points), builds a booking clerk's first fit on it (cases by priority, then in
file order, each into the first list by date, start and theatre whose rows still allow
it), warm-starts HiGHS from it and lets HiGHS (default settings: presolve, cuts,
heuristics) run on the given threads until the time limit or the gap. Then it runs
`rebook plan` with the same limit, gap and threads and prints one table row for both.

Needs HiGHS's Python binding: python3 -m pip install highspy==1.16.0

Usage:
  python3 scripts/textbook-peer.py --in DIR [--time-limit 60] [--threads 2]
      [--gap 0.005] [--rebook target/release/rebook] [--header]
Rows: cases | pairs | clerk | peer cost | peer bound | peer gap | peer s |
      rebook cost | rebook bound | rebook gap | rebook s | rebook vs peer
(rebook vs peer: how much cheaper rebook's plan is, negative when dearer).
Not a test: the figures depend on the machine; compare within one run.
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time

PRIORITY_RANK = {"P1a": 0, "P1b": 1, "P2": 2, "P3": 3, "P4": 4, "P5": 5, "P6": 6}


def first_fit(lp, columns):
    """The clerk's plan as column values: cases by priority then file order, each into
    the first list (date, start, theatre) whose rows all stay within their bounds."""
    n = lp.num_col_
    start, index, value = lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_
    upper = list(lp.row_upper_)
    activity = [0.0] * lp.num_row_
    x = [0.0] * n

    def take(j):
        for k in range(start[j], start[j + 1]):
            activity[index[k]] += value[k]
        x[j] = 1.0

    def fits(j):
        return all(activity[index[k]] + value[k] <= upper[index[k]] + 1e-9
                   for k in range(start[j], start[j + 1]))

    # Fixed columns (locked cases) first.
    for j in range(n):
        if lp.col_lower_[j] > 0.5:
            take(j)
    by_case = {}
    for j, row in enumerate(columns):
        by_case.setdefault(row["case"], []).append(j)
    booked = {row["case"] for j, row in enumerate(columns) if x[j] > 0.5}
    order = sorted(by_case, key=lambda c: (PRIORITY_RANK.get(columns[by_case[c][0]]["priority"], 9), c))
    for c in order:
        if c in booked:
            continue
        for j in sorted(by_case[c], key=lambda j: (columns[j]["date"], columns[j]["start"], columns[j]["theatre"])):
            if fits(j):
                take(j)
                break
    return x


def peer(model, columns_csv, time_limit, threads, gap):
    import highspy

    # HiGHS prints its banner on stdout when created: keep the table clean.
    sys.stdout.flush()
    saved = os.dup(1)
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    try:
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
    finally:
        os.dup2(saved, 1)
    h.setOptionValue("threads", threads)
    h.readModel(model)
    lp = h.getLp()
    names = [lp.col_names_[j] for j in range(lp.num_col_)] if lp.col_names_ else []
    table = {row["column"]: row for row in csv.DictReader(open(columns_csv))}
    columns = []
    for j in range(lp.num_col_):
        row = table[names[j]]
        case = int(names[j].split("_")[1])
        columns.append({"case": case, "priority": row["priority"], "date": row["date"],
                        "start": row["start"], "theatre": row["theatre"]})
    x = first_fit(lp, columns)
    offset = lp.offset_
    clerk = offset + sum(c * v for c, v in zip(lp.col_cost_, x))
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", float(gap))
    solution = highspy.HighsSolution()
    solution.col_value = x
    solution.value_valid = True
    h.setSolution(solution)
    began = time.monotonic()
    h.run()
    seconds = time.monotonic() - began
    info = h.getInfo()
    cost = info.objective_function_value if info.primal_solution_status == 2 else float("nan")
    return {"pairs": lp.num_col_, "clerk": clerk, "cost": cost,
            "bound": info.mip_dual_bound, "seconds": seconds}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--in", dest="input", required=True)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--gap", type=float, default=0.005)
    parser.add_argument("--rebook", default="target/release/rebook")
    parser.add_argument("--header", action="store_true")
    args = parser.parse_args()
    if args.header:
        print("| cases | pairs | clerk | peer cost | peer bound | peer gap | peer s | rebook cost "
              "| rebook bound | rebook gap | rebook s | rebook vs peer |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as work:
        model = os.path.join(work, "model.mps")
        subprocess.run([args.rebook, "model", "--in", args.input, "--out", model],
                       check=True, stdout=subprocess.DEVNULL)
        p = peer(model, os.path.join(work, "model-columns.csv"), args.time_limit,
                 args.threads, args.gap)
        out = os.path.join(work, "plan")
        began = time.monotonic()
        subprocess.run([args.rebook, "plan", "--in", args.input, "--out", out,
                        "--time-limit", str(args.time_limit), "--gap", str(args.gap),
                        "--threads", str(args.threads)], check=True, stdout=subprocess.DEVNULL)
        wall = time.monotonic() - began
        summary = json.load(open(os.path.join(out, "summary.json")))
        s = summary["solver"]
        cases = summary["cases"]["in"]

    def gap(cost, bound):
        return (cost - bound) / abs(cost) if cost == cost and abs(cost) > 1e-9 else float("nan")

    versus = (p["cost"] - s["objective"]) / abs(p["cost"]) if p["cost"] == p["cost"] else float("nan")
    print("| %s | %d | %.0f | %.0f | %.0f | %.2f%% | %.1f | %.0f | %.0f | %.2f%% | %.1f | %.2f%% |" % (
        cases, p["pairs"], p["clerk"], p["cost"], p["bound"], 100 * gap(p["cost"], p["bound"]),
        p["seconds"], s["objective"], s["best_bound"], 100 * s["gap"], wall, 100 * versus))


if __name__ == "__main__":
    sys.exit(main())
