"""Other scanners' (text, should_flag) cases as documents for `sluice scan --manifest`.

`write(out, cases)` writes each case's text to OUT/docs and a manifest OUT/labels.jsonl;
`python3 flag_cases.py report OUT` (after `sluice scan --manifest OUT/labels.jsonl >
OUT/findings.jsonl`) prints, per case, the upstream expectation beside what Sluice found,
marking disagreements, which are read by hand against ../shared/corpora/TAXONOMY.md.
Used by bench/quality/secret-cases and bench/quality/noseyparker-cases.
"""
import json
import os
import sys


def write(out, cases):
    """cases: (source, should_flag, text) triples."""
    os.makedirs(os.path.join(out, "docs"), exist_ok=True)
    with open(os.path.join(out, "labels.jsonl"), "w") as manifest:
        for n, (source, flag, text) in enumerate(cases):
            name = "docs/case_%04d.txt" % n
            with open(os.path.join(out, name), "w") as doc:
                doc.write(text)
            manifest.write(json.dumps({"file": name, "content_type": "text/plain", "descriptor_set": None,
                                       "grpc_method": None, "message_type": None, "direction": "response",
                                       "sensitive": flag, "findings": [], "source": source, "text": text}) + "\n")
    print("%d cases" % len(cases), file=sys.stderr)


def report(out):
    found = {}
    for line in open(os.path.join(out, "findings.jsonl")):
        d = json.loads(line)
        found[d["file"]] = sorted({f["id"] for f in d["findings"]})
    differ = flagged_clean = 0
    for line in open(os.path.join(out, "labels.jsonl")):
        c = json.loads(line)
        ids = found.get(c["file"], [])
        same = bool(ids) == c["sensitive"]
        differ += not same
        flagged_clean += bool(ids) and not c["sensitive"]
        print("%s %-40s %-8s %-70r %s" % ("  " if same else "XX", c["source"][:40],
                                           "flag" if c["sensitive"] else "no-flag", c["text"][:70], ids))
    print("\n%d disagreements with the upstream expectation, %d of them a finding where upstream expects none"
          " (read each against the taxonomy)" % (differ, flagged_clean))


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "report":
        sys.exit("usage: flag_cases.py report OUT")
    report(sys.argv[2])
