#!/usr/bin/env python3
"""Writes the hostile inputs of the golden CLI cases tests/cli/cases/hostile-* to standard output.

They are too large (or too repetitive) to keep in the repository as files, so each case's cmd
generates its input into $WORK: `python3 tests/cli/hostile.py NAME [N] > $WORK/input`.

  kpi-chain N       a valid process whose KPIs form a chain N long (recursion in the KPI cycle check)
  step-chain N      a valid process of N tasks in a row (recursion in the loop check)
  bpmn-deep N       a BPMN file with elements nested N deep before its BPSim data
  bpmn-lanes N      a BPMN file whose lanes nest N deep (childLaneSet)
  bpmn-errors N     a BPMN sub-process with N error end events, caught by N error boundaries that
                    each lead through a merge to an end (every end looks for its catch)
  csv-quote N       an event log of N rows whose second row opens a quote that never closes
  csv-names N       an event log with N distinct activities and N distinct resources
  csv-long-line N   an event log with one line of N bytes
  summary-bomb      a bpm-sim summary whose YAML aliases expand a billion-fold
  empirical N       a valid process whose task duration is an empirical table of N rows
  long-case N       a valid process whose one case runs a task N times (rework loop)
  wide-model N      a valid process of N tasks in a row, each with its own role and pool, on N/10
                    calendars (every id look-up of lint, analyze and the simulator's compiler)
"""
import sys

PROCESS_HEAD = """process: hostile
owner: Test Owner
roles:
  clerk: Clerk
resources:
  clerk: { role: clerk, count: 2 }
arrivals:
  every: exponential(10m)
"""
SIMULATION = "simulation: { start: 2026-01-05T00:00, horizon: 1d, replications: 2, seed: 1 }\n"


def task(step_id, following, duration="5m"):
    return f"  {step_id}: {{ resource: clerk, duration: {duration}, raci: {{ accountable: clerk }}, next: {following} }}\n"


def kpi_chain(n):
    out = [PROCESS_HEAD, "start: work\nsteps:\n", task("work", "done"), "  done: { end: ok }\nkpis:\n"]
    for i in range(n - 1):
        out.append(f'  k{i}: {{ formula: "k{i + 1} + 1" }}\n')
    out.append(f'  k{n - 1}: {{ formula: "cycle_time.mean" }}\n')
    out.append(SIMULATION)
    return "".join(out)


def step_chain(n):
    out = [PROCESS_HEAD, "start: s0\nsteps:\n"]
    for i in range(n):
        out.append(task(f"s{i}", f"s{i + 1}" if i + 1 < n else "done", "1s"))
    out.append("  done: { end: ok }\n")
    out.append(SIMULATION)
    return "".join(out)


BPMN_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpsim="http://www.bpsim.org/schemas/1.0" id="d" targetNamespace="urn:hostile">
"""
BPMN_FLOW = """    <startEvent id="in" name="In" />
    <task id="work" name="Work" />
    <endEvent id="out" name="Out" />
    <sequenceFlow id="f1" sourceRef="in" targetRef="work" />
    <sequenceFlow id="f2" sourceRef="work" targetRef="out" />
"""
BPSIM = """  <relationship type="BPSimData"><extensionElements><bpsim:BPSimData><bpsim:Scenario id="s">
    <bpsim:ScenarioParameters baseTimeUnit="min" />
    <bpsim:ElementParameters elementRef="work"><bpsim:TimeParameters><bpsim:ProcessingTime>
      <bpsim:FloatingParameter value="7" /></bpsim:ProcessingTime></bpsim:TimeParameters></bpsim:ElementParameters>
  </bpsim:Scenario></bpsim:BPSimData></extensionElements><source>p</source><target>p</target></relationship>
"""


def bpmn_deep(n):
    nest = "<x>" * n + "</x>" * n
    return (BPMN_HEAD + '  <process id="p" name="Deep">\n' + BPMN_FLOW + "  </process>\n"
            + f'  <extensionElements>{nest}</extensionElements>\n' + BPSIM + "</definitions>\n")


def bpmn_lanes(n):
    lanes = []
    for i in range(n):
        lanes.append(f'<lane id="l{i}" name="Lane {i}">' + ("<flowNodeRef>work</flowNodeRef>" if i == n - 1 else "")
                     + "<childLaneSet>")
    inner = "".join(lanes) + "</childLaneSet></lane>" * n
    return (BPMN_HEAD + '  <process id="p" name="Lanes">\n    <laneSet id="ls">' + inner + "</laneSet>\n"
            + BPMN_FLOW + "  </process>\n" + BPSIM + "</definitions>\n")


def bpmn_errors(n):
    out = [BPMN_HEAD]
    out += [f'  <error id="e{i}" errorCode="c{i % 7}" />\n' for i in range(n)]
    out.append('  <process id="p" name="Errors">\n    <startEvent id="in" />\n'
               '    <sequenceFlow id="f0" sourceRef="in" targetRef="sub" />\n'
               '    <subProcess id="sub" name="Checks"><startEvent id="s" /><task id="work" name="Work" />'
               '<exclusiveGateway id="g" /><sequenceFlow id="h0" sourceRef="s" targetRef="work" />'
               '<sequenceFlow id="h1" sourceRef="work" targetRef="g" /><endEvent id="ok" />'
               '<sequenceFlow id="h2" sourceRef="g" targetRef="ok" />\n')
    for i in range(n):
        out.append(f'      <endEvent id="t{i}"><errorEventDefinition errorRef="e{i}" /></endEvent>'
                   f'<sequenceFlow id="t{i}f" sourceRef="g" targetRef="t{i}" />\n')
    out.append('    </subProcess>\n    <endEvent id="out" name="Out" />\n'
               '    <sequenceFlow id="f1" sourceRef="sub" targetRef="out" />\n')
    for i in range(n):
        out.append(f'    <boundaryEvent id="b{i}" attachedToRef="sub"><errorEventDefinition errorRef="e{(i * 13) % n}" />'
                   f'</boundaryEvent><exclusiveGateway id="m{i}" /><endEvent id="x{i}" name="Caught" />'
                   f'<sequenceFlow id="b{i}f" sourceRef="b{i}" targetRef="m{i}" />'
                   f'<sequenceFlow id="m{i}f" sourceRef="m{i}" targetRef="x{i}" />\n')
    out.append("  </process>\n</definitions>\n")
    return "".join(out)


CSV_HEADER = "case_id,activity,resource,start_time,end_time\n"


def csv_row(case, activity, resource, minute):
    return f"{case},{activity},{resource},2026-01-05T{8 + minute // 60:02d}:{minute % 60:02d},2026-01-05T{8 + minute // 60:02d}:{minute % 60:02d}\n"


def csv_quote(n):
    out = [CSV_HEADER, csv_row("c0", "register", "ann", 0), 'c0,"review,bob,2026-01-05T08:10,2026-01-05T08:20\n']
    for i in range(2, n):
        out.append(csv_row(f"c{i}", "register", "ann", i % 600))
    return "".join(out)


def csv_names(n):
    out = [CSV_HEADER]
    for i in range(n):
        out.append(csv_row(f"c{i % 1000}", f"activity {i}", f"resource {i}", i % 600))
    return "".join(out)


def csv_long_line(n):
    return CSV_HEADER + "c0,register," + "r" * n + ",2026-01-05T08:00,2026-01-05T09:00\n"


def summary_bomb():
    lines = ["format: bpm-sim-summary/1", 'a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 10):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    lines.append("metrics: *a9")
    return "\n".join(lines) + "\n"


def empirical(n):
    rows = "".join(f"      - [{i % 97 + 1}m, 1]\n" for i in range(n))
    return (PROCESS_HEAD + "start: work\nsteps:\n  work:\n    resource: clerk\n    duration:\n      empirical:\n"
            + rows + "    raci: { accountable: clerk }\n    next: done\n  done: { end: ok }\n" + SIMULATION)


def long_case(n):
    return (PROCESS_HEAD.replace("every: exponential(10m)", "every: 100d")
            + "start: work\nsteps:\n"
            + "  work: { resource: clerk, duration: 1s, rework: { p: " + repr(1.0 - 1.0 / n) + " }, raci: { accountable: clerk }, next: done }\n"
            + "  done: { end: ok }\n"
            + f"simulation: {{ start: 2026-01-05T00:00, cases: 1, replications: 1, seed: 1, max_steps_per_case: {min(100 * n, 100000000)} }}\n")


def wide_model(n):
    calendars = max(1, n // 10)
    out = ["process: wide\nowner: Test Owner\nroles:\n"]
    out += [f"  r{i}: Role {i}\n" for i in range(n)]
    out.append("calendars:\n")
    out += [f'  c{i}: {{ mon-fri: "09:00-17:00" }}\n' for i in range(calendars)]
    out.append("resources:\n")
    out += [f"  p{i}: {{ role: r{i}, count: 1, calendar: c{i % calendars} }}\n" for i in range(n)]
    out.append("arrivals:\n  every: exponential(1d)\nstart: s0\nsteps:\n")
    for i in range(n):
        following = f"s{i + 1}" if i + 1 < n else "done"
        out.append(f"  s{i}: {{ resource: p{i}, duration: 1m, raci: {{ accountable: r{i} }}, next: {following} }}\n")
    out.append("  done: { end: ok }\n")
    out.append(SIMULATION)
    return "".join(out)


GENERATORS = {
    "kpi-chain": kpi_chain, "step-chain": step_chain, "bpmn-deep": bpmn_deep, "bpmn-lanes": bpmn_lanes,
    "bpmn-errors": bpmn_errors,
    "csv-quote": csv_quote, "csv-names": csv_names, "csv-long-line": csv_long_line,
    "summary-bomb": lambda _n: summary_bomb(), "empirical": empirical, "long-case": long_case,
    "wide-model": wide_model,
}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in GENERATORS:
        sys.exit(__doc__)
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    sys.stdout.write(GENERATORS[sys.argv[1]](count))
