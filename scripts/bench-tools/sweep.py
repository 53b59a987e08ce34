"""The SLA sweep benchmark's data and run, for one backend and one size.

Seeds the demo data and one received dossier with `motcua seed`, clones it in
SQL into `open` open dossiers of which `changing` have their SLA check due now
(they become due soon) and the rest only in weeks, then runs `motcua sweep`
(the same code the periodic job runs) and prints its JSON report with the
sizes added. Called by `scripts/bench --sweep`.

    python3 sweep.py MOTCUA_BINARY DATABASE_URL OPEN CHANGING
"""

import datetime
import json
import os
import sqlite3
import subprocess
import sys


def main(motcua, url, open_count, changing):
    env = dict(os.environ, MOTCUA_DATABASE_URL=url, MOTCUA_LOG="warn")
    subprocess.run([motcua, "seed", "--demo", "--dossiers", "1"], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None, microsecond=0)

    def ts(delta):
        return (now + delta).strftime("%Y-%m-%d %H:%M:%S")

    hour, day = datetime.timedelta(hours=1), datetime.timedelta(days=1)
    # Changing: the check was due an hour ago, due in two days → due soon now.
    # Resting: nothing to look at for five weeks.
    soon = {"due_at": ts(2 * day), "due_soon_at": ts(-hour), "sla_check_at": ts(-hour)}
    rest = {"due_at": ts(36 * day), "due_soon_at": ts(35 * day), "sla_check_at": ts(35 * day)}

    if url.startswith("sqlite"):
        path = url.split("://", 1)[1] if "://" in url else url.split(":", 1)[1]
        db = sqlite3.connect(path)
        columns = [row[1] for row in db.execute("PRAGMA table_info(dossiers)")]
        numbers = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)"
        concat = lambda column: f"{column} || '-' || n.i"
        param = "?"
    else:
        columns = psql(url, "SELECT column_name FROM information_schema.columns "
                            "WHERE table_name = 'dossiers' ORDER BY ordinal_position").split()
        numbers = None
        concat = lambda column: f"{column} || '-' || n.i"
        param = None

    changing_clones = changing - 1 if changing >= open_count else changing

    def expression(column):
        if column in ("id", "code"):
            return concat(f"t.{column}")
        if column in ("due_at", "original_due_at"):
            return f"CASE WHEN n.i <= {changing_clones} THEN '{soon['due_at']}' ELSE '{rest['due_at']}' END"
        if column in ("due_soon_at", "sla_check_at"):
            return f"CASE WHEN n.i <= {changing_clones} THEN '{soon[column]}' ELSE '{rest[column]}' END"
        if column == "sla_state":
            return "'on_track'"
        return f"t.{column}"

    select = ", ".join(expression(c) for c in columns)
    # The seeded dossier is one of the changing ones when all of them change.
    template = soon if changing >= open_count else rest
    rest_update = (f"UPDATE dossiers SET due_at = '{template['due_at']}', original_due_at = '{template['due_at']}', "
                   f"due_soon_at = '{template['due_soon_at']}', sla_check_at = '{template['sla_check_at']}'")
    clones = open_count - 1
    if url.startswith("sqlite"):
        db.execute(rest_update)
        db.execute(f"{numbers} INSERT INTO dossiers ({', '.join(columns)}) "
                   f"SELECT {select} FROM dossiers t, n", (clones,))
        db.commit()
        db.execute("ANALYZE")
        db.close()
    else:
        psql(url, rest_update)
        cast = ", ".join(
            f"({expression(c)})::timestamp" if c in ("due_at", "original_due_at", "due_soon_at", "sla_check_at")
            else expression(c) for c in columns)
        psql(url, f"INSERT INTO dossiers ({', '.join(columns)}) SELECT {cast} "
                  f"FROM dossiers t, generate_series(1, {clones}) AS n(i)")
        psql(url, "VACUUM ANALYZE")
    out = subprocess.run([motcua, "sweep"], env=env, check=True, capture_output=True, text=True)
    report = json.loads(out.stdout)
    report.update(open=open_count, changing=changing)
    print(json.dumps(report))


def psql(url, sql):
    return subprocess.run(["psql", url, "-qAtc", sql], check=True, capture_output=True, text=True).stdout


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
