#!/usr/bin/env python3
"""Keeps src/Crm.Web/Resources/SharedResource.fr.resx: keys are the English text, values the French.

  scripts/l10n.py add "English text" "Texte français"   add or replace one string
  scripts/l10n.py import FILE.tsv                        add every "English<TAB>French" line
  scripts/l10n.py missing                                list English strings used in code with no French
  scripts/l10n.py tidy                                   sort and de-duplicate the file
"""
import os, re, sys, html
from xml.etree import ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESX = os.path.join(ROOT, "src/Crm.Web/Resources/SharedResource.fr.resx")
HEADER = """<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
"""

def load():
    if not os.path.exists(RESX):
        return {}
    tree = ET.parse(RESX)
    return {d.get("name"): (d.findtext("value") or "") for d in tree.getroot().findall("data")}

def save(entries):
    def esc(s):
        return html.escape(s, quote=True)
    lines = [HEADER]
    for key in sorted(entries, key=str.lower):
        lines.append(f'  <data name="{esc(key)}" xml:space="preserve"><value>{esc(entries[key])}</value></data>\n')
    lines.append("</root>\n")
    os.makedirs(os.path.dirname(RESX), exist_ok=True)
    with open(RESX, "w", encoding="utf-8") as f:
        f.write("".join(lines))

PATTERNS = [
    re.compile(r'\bL\["((?:[^"\\]|\\.)*)"'),
    re.compile(r'\bl\["((?:[^"\\]|\\.)*)"'),
    re.compile(r'ErrorMessage\s*=\s*"((?:[^"\\]|\\.)*)"'),
    re.compile(r'Display\(Name\s*=\s*"((?:[^"\\]|\\.)*)"'),
    re.compile(r'\[Localized\("((?:[^"\\]|\\.)*)"\)\]'),
]

def used():
    found = set()
    for base, _, files in os.walk(os.path.join(ROOT, "src/Crm.Web")):
        if "/obj" in base or "/bin" in base or "Migrations" in base:
            continue
        for name in files:
            if name.endswith((".cs", ".cshtml")):
                text = open(os.path.join(base, name), encoding="utf-8").read()
                for p in PATTERNS:
                    for m in p.findall(text):
                        found.add(m.encode().decode("unicode_escape").encode("latin-1").decode("utf-8") if "\\" in m else m)
    return found

if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else "missing"
    entries = load()
    if cmd == "add":
        entries[sys.argv[2]] = sys.argv[3]
        save(entries)
    elif cmd == "import":
        for line in open(sys.argv[2], encoding="utf-8"):
            line = line.rstrip("\n")
            if "\t" in line:
                en, fr = line.split("\t", 1)
                entries[en] = fr
        save(entries)
    elif cmd == "tidy":
        save(entries)
    elif cmd == "missing":
        missing = sorted(k for k in used() if k not in entries)
        for k in missing:
            print(k)
        sys.exit(1 if missing else 0)
