#!/usr/bin/env python3
"""Compares what a link checker found on the generated sample site with the
ground truth written by `govscore sample generate` (truth.json).

  compare_truth.py TRUTH scan --json SCAN.json --base URL
      govscore scan --json output: links (source, target, class), columns
      (empty/stale), footer identity, privacy leaks.
  compare_truth.py TRUTH urls --file BROKEN.txt --base URL
      one broken target URL per line (what wget/linkchecker/linkinator report).

Prints one line of JSON (machine) and, with --text, a short human summary.
Exit status 0 unless the input cannot be read.
"""
import argparse
import json
import re
import sys
from urllib.parse import unquote, urlsplit

NOT_DEFECTS = {"ok", "redirect_ok"}


def norm_class(result):
    r = re.sub(r"[^a-z0-9]+", "_", str(result).lower()).strip("_")
    if re.fullmatch(r"http_?4\d\d", r):
        return "http_4xx"
    if re.fullmatch(r"http_?5\d\d", r):
        return "http_5xx"
    aliases = {"redirect_to_ok": "redirect_ok", "redirect": "redirect_ok", "soft404": "soft_404",
               "dns_error": "dns", "connection_refused": "refused", "invalid": "invalid_url",
               "too_many_redirect": "too_many_redirects", "loop": "redirect_loop"}
    return aliases.get(r, r)


def site_key(url, base):
    """A truth-comparable key: a site path (+query) or an absolute external URL."""
    url = unquote(str(url).strip())
    if base and url.startswith(base):
        url = url[len(base):] or "/"
        if not url.startswith("/"):
            url = "/" + url
    return url


def host_of(url):
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def ignorable(key, truth):
    """Links the comparison does not judge: real-world footer hosts, traps."""
    host = host_of(key) if "://" in key else ""
    if host in set(truth.get("offsite_hosts", [])):
        return True
    return any(key.startswith(p) for p in truth.get("trap_prefixes", []))


def by_class(expected, is_found):
    """{class: "found/expected"} over the planted defects {key: class}, so every
    class (tls included) is visible on its own."""
    counts = {}
    for k, v in expected.items():
        f, e = counts.get(v, (0, 0))
        counts[v] = (f + (1 if is_found(k, v) else 0), e + 1)
    return {c: f"{f}/{e}" for c, (f, e) in sorted(counts.items())}


def compare_scan(truth, scan, base):
    out = {}
    expected = {}
    for l in truth["broken_links"]:
        expected[(site_key(l["source"], base), unquote(l["target"]))] = l["expected"]
    reported = {}
    for l in scan.get("links", []):
        cls = norm_class(l.get("result", ""))
        key = (site_key(l.get("source", ""), base), site_key(l.get("target", ""), base))
        reported[key] = cls
    defects = {k: v for k, v in expected.items() if v not in NOT_DEFECTS}
    found = sum(1 for k, v in defects.items() if reported.get(k) == v)
    wrong = sorted(f"{k[0]} -> {k[1]}: expected {v}, got {reported[k]}"
                   for k, v in defects.items() if k in reported and reported[k] != v)
    missing = sorted(f"{k[0]} -> {k[1]} ({v})" for k, v in defects.items() if k not in reported)
    false = sorted(f"{k[0]} -> {k[1]} ({v})" for k, v in reported.items()
                   if v not in NOT_DEFECTS and k not in defects and not ignorable(k[1], truth))
    out["links"] = {"expected": len(defects), "found": found, "by_class": by_class(
        defects, lambda k, v: reported.get(k) == v), "wrong_class": wrong,
                    "missing": missing, "false": false}
    # Columns: matched by path (or name).
    cols = {}
    for c in scan.get("columns", []):
        cols[site_key(c.get("url", ""), base)] = c
        cols[c.get("name", "")] = c
    col_ok, col_bad = 0, []
    for c in truth["columns"]:
        got = cols.get(c["path"]) or cols.get(c["path"] + "index.html") or cols.get(c["name"])
        if got is None:
            col_bad.append(f"{c['name']}: not found")
            continue
        problems = []
        for field in ("empty", "stale"):
            if bool(got.get(field)) != c[field]:
                problems.append(f"{field} {got.get(field)} != {c[field]}")
        if c["newest"] and got.get("newest") not in (None, c["newest"]):
            problems.append(f"newest {got.get('newest')} != {c['newest']}")
        if problems:
            col_bad.append(f"{c['name']}: " + ", ".join(problems))
        else:
            col_ok += 1
    out["columns"] = {"expected": len(truth["columns"]), "correct": col_ok, "problems": col_bad}
    footer = scan.get("footer", {}) or {}
    keys = ["site_code", "icp", "police_record", "sponsor"]
    fbad = [k for k in keys if str(footer.get(k, "")).replace(" ", "") !=
            truth["footer"][k].replace(" ", "")]
    out["footer"] = {"expected": len(keys), "correct": len(keys) - len(fbad), "wrong": fbad}
    want = {(site_key(p["path"], base), p["kind"], p["masked"]) for p in truth["privacy"]}
    got = {(site_key(p.get("url", ""), base), p.get("kind", ""), p.get("masked", ""))
           for p in scan.get("privacy", [])}
    out["privacy"] = {"expected": len(want), "found": len(want & got),
                      "missing": sorted(map(str, want - got)), "false": sorted(map(str, got - want))}
    total_expected = len(defects) + len(want) + sum(1 for c in truth["columns"] if c["empty"] or c["stale"])
    total_found = found + len(want & got) + sum(
        1 for c in truth["columns"] if (c["empty"] or c["stale"]) and not any(
            p.startswith(c["name"] + ":") for p in col_bad))
    out["defects"] = {"expected": total_expected, "found": total_found,
                      "false": len(false) + len(got - want)}
    return out


def compare_urls(truth, lines, base):
    targets = {}
    for l in truth["broken_links"]:
        if l["expected"] not in NOT_DEFECTS:
            targets[unquote(l["target"])] = l["expected"]
    reported = {site_key(x, base) for x in lines if x.strip()}
    found = sorted(t for t in targets if t in reported)
    false = sorted(r for r in reported if r not in targets and not ignorable(r, truth))
    return {"defects": {"expected": len(targets), "found": len(found), "false": len(false)},
            "by_class": by_class(targets, lambda k, v: k in reported),
            "missing": sorted(set(targets) - set(found)), "false": false[:50]}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("truth")
    ap.add_argument("mode", choices=["scan", "urls"])
    ap.add_argument("--json", help="govscore scan --json output")
    ap.add_argument("--file", help="broken URLs, one a line")
    ap.add_argument("--base", default="", help="site base URL, e.g. http://127.0.0.1:18080")
    ap.add_argument("--text", action="store_true", help="also print a human summary to stderr")
    args = ap.parse_args()
    try:
        with open(args.truth, encoding="utf-8") as f:
            truth = json.load(f)
        if args.mode == "scan":
            with open(args.json, encoding="utf-8") as f:
                result = compare_scan(truth, json.load(f), args.base.rstrip("/"))
        else:
            with open(args.file, encoding="utf-8", errors="replace") as f:
                result = compare_urls(truth, f.read().splitlines(), args.base.rstrip("/"))
    except (OSError, ValueError, KeyError, TypeError) as e:
        print(f"compare_truth: cannot compare: {e}", file=sys.stderr)
        return 2
    print(json.dumps(result, ensure_ascii=False))
    if args.text:
        d = result["defects"]
        print(f"defects found {d['found']}/{d['expected']}, false {d['false']}", file=sys.stderr)
        for section in ("links", "columns", "footer", "privacy"):
            if section in result:
                print(f"  {section}: {json.dumps(result[section], ensure_ascii=False)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
