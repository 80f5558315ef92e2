#!/usr/bin/env python3
"""Checks a `govscore score --xlsx` workbook against its JSON score sheet.

usage: xlsx_layout.py score.xlsx score.json

Reads the OOXML parts with zipfile (no third-party modules) and asserts the layout
documented in docs/scoring.md "Outputs":
  - sheet 1 is 排名 with the header 排名, 单位, 类型, 总分, 满分, 基础分, 加分, 扣分, 待评分,
    等次, 红黑榜 and one row per unit whose 总分 equals the JSON total;
  - then one sheet per unit, laid out like the seeds' tables: header 一级指标, 二级指标,
    三级指标, 四级指标, 权重, 得分, 扣分, 状态, 扣分原因; one row per indicator node in tree
    order, the name in its level's column, weight and points as numbers equal to the JSON;
    pending (待评) rows have a different (shaded) style from scored rows;
  - numbers are the JSON's (rounded to 4 decimals, no negative zero).
Prints "ok" or the first problems found and exits 1.
"""
import json
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
RANK_HEADER = ["排名", "单位", "类型", "总分", "满分", "基础分", "加分", "扣分", "待评分", "等次", "红黑榜"]
UNIT_HEADER = ["一级指标", "二级指标", "三级指标", "四级指标", "权重", "得分", "扣分", "状态", "扣分原因"]

problems = []


def fail(msg):
    problems.append(msg)


def col_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


class Workbook:
    def __init__(self, path):
        self.zip = zipfile.ZipFile(path)
        bad = self.zip.testzip()
        if bad:
            raise SystemExit("corrupt member " + bad)
        names = set(self.zip.namelist())
        for part in ("[Content_Types].xml", "xl/workbook.xml", "xl/styles.xml"):
            if part not in names:
                raise SystemExit("missing part " + part)
        self.shared = []
        if "xl/sharedStrings.xml" in names:
            root = ET.fromstring(self.zip.read("xl/sharedStrings.xml"))
            for si in root.findall("m:si", NS):
                self.shared.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
        rels = ET.fromstring(self.zip.read("xl/_rels/workbook.xml.rels"))
        target = {r.get("Id"): r.get("Target") for r in rels.findall("rel:Relationship", NS)}
        wb = ET.fromstring(self.zip.read("xl/workbook.xml"))
        self.sheets = []  # (name, part path)
        for s in wb.find("m:sheets", NS).findall("m:sheet", NS):
            t = target[s.get("{%s}id" % NS["r"])]
            t = t.lstrip("/")
            if not t.startswith("xl/"):
                t = "xl/" + t
            self.sheets.append((s.get("name"), t))

    def rows(self, part):
        """Returns [(row number, {col: (value, style)})] and the merged ranges."""
        root = ET.fromstring(self.zip.read(part))
        out = []
        for row in root.find("m:sheetData", NS).findall("m:row", NS):
            cells = {}
            for c in row.findall("m:c", NS):
                t = c.get("t")
                v = c.find("m:v", NS)
                if t == "s":
                    val = self.shared[int(v.text)]
                elif t == "inlineStr":
                    val = "".join(x.text or "" for x in c.iter("{%s}t" % NS["m"]))
                elif t == "str":
                    val = v.text if v is not None else ""
                elif v is not None:
                    val = float(v.text)
                else:
                    val = None
                cells[col_index(c.get("r"))] = (val, c.get("s", "0"))
            out.append((int(row.get("r")), cells))
        merged = [m.get("ref") for m in root.iter("{%s}mergeCell" % NS["m"])]
        return out, merged


def text(cells, i):
    v = cells.get(i, (None, None))[0]
    return "" if v is None else (v if isinstance(v, str) else repr(v))


def num(cells, i):
    v = cells.get(i, (None, None))[0]
    return v if isinstance(v, float) else None


def walk(nodes, depth=1):
    for n in nodes:
        yield n, depth
        yield from walk(n.get("children", []), depth + 1)


def main():
    book = Workbook(sys.argv[1])
    sheet = json.load(open(sys.argv[2], encoding="utf-8"))
    units = sheet["units"]
    names = [n for n, _ in book.sheets]
    if not names or names[0] != "排名":
        fail("first sheet is %r, expected 排名" % (names[:1],))
    if len(names) != 1 + len(units):
        fail("%d sheets for %d units (expected 排名 + one per unit): %s" % (len(names), len(units), names))

    # Ranking sheet.
    rows, _ = book.rows(book.sheets[0][1])
    header_at = None
    for idx, (_, cells) in enumerate(rows):
        if text(cells, 0) == "排名":
            header_at = idx
            break
    if header_at is None:
        fail("排名 sheet has no header row starting with 排名")
    else:
        header = [text(rows[header_at][1], i) for i in range(len(RANK_HEADER))]
        if header != RANK_HEADER:
            fail("排名 header %s, expected %s" % (header, RANK_HEADER))
        body = [c for _, c in rows[header_at + 1:] if text(c, 1)]
        if len(body) != len(units):
            fail("排名 sheet has %d unit rows, expected %d" % (len(body), len(units)))
        totals = {u["name"]: u["total"] for u in units}
        for c in body:
            name = text(c, 1)
            if name not in totals:
                fail("排名 row for unknown unit %r" % name)
            elif num(c, 3) is None or abs(num(c, 3) - totals[name]) > 1e-4:
                fail("排名 总分 of %s is %r, JSON total %r" % (name, num(c, 3), totals[name]))

    # One sheet per unit.
    for (sname, part), unit in zip(book.sheets[1:], units):
        if unit["name"] not in sname and unit["id"] not in sname:
            fail("sheet %r does not name unit %s/%s" % (sname, unit["id"], unit["name"]))
        rows, merged = book.rows(part)
        header_at = None
        for idx, (_, cells) in enumerate(rows):
            if text(cells, 0) == "一级指标":
                header_at = idx
                break
        if header_at is None:
            fail("%s: no header row starting with 一级指标" % sname)
            continue
        header = [text(rows[header_at][1], i) for i in range(len(UNIT_HEADER))]
        if header != UNIT_HEADER:
            fail("%s: header %s, expected %s" % (sname, header, UNIT_HEADER))
            continue
        # Indicator rows: a name in one of the four level columns and a weight.
        body = [c for _, c in rows[header_at + 1:]]
        nodes = list(walk(unit["indicators"]))
        matched = 0
        pending_styles, scored_styles = set(), set()
        i = 0
        for node, depth in nodes:
            # find the next row whose level column holds this node's name
            col = min(depth, 4) - 1
            while i < len(body) and text(body[i], col) != node["name"]:
                i += 1
            if i == len(body):
                fail("%s: no row for %s (level %d) in column %s" % (sname, node["id"], depth, UNIT_HEADER[col]))
                break
            c = body[i]
            w, p = num(c, 4), num(c, 5)
            # A mixed-polarity group without normal children (附加指标) shows
            # what it can add and deduct: bonus_max + penalty_max.
            shown = node["weight"]
            if shown == 0 and (node.get("bonus_max") or node.get("penalty_max")):
                shown = node.get("bonus_max", 0) + node.get("penalty_max", 0)
            if w is None or abs(w - shown) > 1e-4:
                fail("%s: %s 权重 %r, JSON %r" % (sname, node["id"], w, shown))
            if node["status"] in ("scored", "pending", "partly_pending"):
                if p is None or abs(p - node["points"]) > 1e-4:
                    fail("%s: %s 得分 %r, JSON %r" % (sname, node["id"], p, node["points"]))
            if node["status"] == "pending" and not node.get("children"):
                pending_styles.add(c.get(0, (None, "0"))[1])
                if "待评" not in text(c, 7):
                    fail("%s: pending %s shows status %r" % (sname, node["id"], text(c, 7)))
            elif node["status"] == "scored" and not node.get("children"):
                scored_styles.add(c.get(0, (None, "0"))[1])
            matched += 1
            i += 1
        if matched != len(nodes):
            fail("%s: %d of %d indicator rows found in tree order" % (sname, matched, len(nodes)))
        if pending_styles and pending_styles & scored_styles:
            fail("%s: pending rows are not shaded differently (styles %s)" % (sname, pending_styles & scored_styles))
        totals = [c for c in body if any("合计" in text(c, k) or "总分" in text(c, k) for k in range(4))]
        if not totals:
            fail("%s: no 合计/总分 row" % sname)
    # docs/scoring.md "Numbers": every number is rounded once when written, to 4 decimals —
    # the workbook must hold the same numbers as the JSON/CSV (no 0.1800000000000002, no -0).
    odd = []
    for sname, part in book.sheets:
        rows, _ = book.rows(part)
        for r, cells in rows:
            for col, (val, _) in cells.items():
                if isinstance(val, float) and (abs(val - round(val, 4)) > 1e-12 or
                                               (val == 0 and str(val).startswith("-"))):
                    odd.append("%s!%s%d=%r" % (sname, chr(65 + col), r, val))
    if odd:
        fail("%d numeric cells not rounded to 4 decimals or negative zero, e.g. %s" %
             (len(odd), ", ".join(odd[:4])))
    # Number formats: integers must show without a trailing dot ("110", not "110." as
    # "0.####" renders them), decimals with their digits. General does both.
    styles = ET.fromstring(book.zip.read("xl/styles.xml"))
    for nf in styles.iter("{%s}numFmt" % NS["m"]):
        code = nf.get("formatCode", "")
        if re.fullmatch(r"[0#,]*\.#+", code):
            fail("number format %r shows integers with a trailing dot" % code)
    if problems:
        print("; ".join(problems[:8]))
        sys.exit(1)
    print("ok: %d sheets" % len(names))


if __name__ == "__main__":
    main()
