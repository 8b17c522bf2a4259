"""Lists the failed tests in TRX files with the first lines of their messages.

The CI log keeps only its tail, so the names of failed tests must come right before the
closing summary line rather than somewhere in thousands of lines of test output.
"""
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}

for path in sys.argv[1:]:
    for result in ET.parse(path).getroot().iterfind(".//t:UnitTestResult", NS):
        if result.get("outcome") not in ("Failed", "Error", "Timeout", "Aborted"):
            continue
        message = result.findtext(".//t:Message", default="", namespaces=NS).strip()
        lines = message.splitlines()[:6]
        print(f"FAILED {result.get('testName')} ({result.get('duration')})")
        for line in lines:
            print(f"    {line[:300]}")
    # A crashed or aborted test host leaves no failed result, only a run-level message.
    for info in ET.parse(path).getroot().iterfind(".//t:RunInfo", NS):
        if info.get("outcome") == "Error":
            text = info.findtext("t:Text", default="", namespaces=NS).strip()
            print(f"RUN ERROR in {path}")
            for line in text.splitlines()[:6]:
                print(f"    {line[:300]}")
