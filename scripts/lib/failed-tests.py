"""Lists the failed tests in TRX files with the first lines of their messages.

The CI log keeps only its tail, so the names of failed tests must come right before the
closing summary line rather than somewhere in thousands of lines of test output.
"""
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}

for path in sys.argv[1:]:
    run = ET.parse(path).getroot()
    for result in run.iterfind(".//t:UnitTestResult", NS):
        if result.get("outcome") not in ("Failed", "Error", "Timeout", "Aborted"):
            continue
        message = result.findtext(".//t:Message", default="", namespaces=NS).strip()
        lines = message.splitlines()[:6]
        print(f"FAILED {result.get('testName')} ({result.get('duration')})")
        for line in lines:
            print(f"    {line[:300]}")
    # A crashed test host leaves no failed result, only a run-level message saying the run was
    # aborted (failed tests leave error-level run messages too, which would only repeat them).
    for info in run.iterfind(".//t:RunInfo", NS):
        text = info.findtext("t:Text", default="", namespaces=NS).strip()
        if info.get("outcome") == "Error" and "aborted" in text:
            print(f"RUN ERROR in {path}")
            for line in text.splitlines()[:6]:
                print(f"    {line[:300]}")
