#!/usr/bin/env python3
"""Reduces the Unihan database to dicts/kanji_variants.txt: old and variant
kanji that a Japanese reader treats as the same character, each mapped to its
common (jōyō or jinmeiyō) form. The analyzer folds them (common/analyzer/fold.h).

Source: Debian's unicode-data package (/usr/share/unicode/Unihan_*.txt.bz2),
the Unicode Character Database, under the Unicode licence (Unicode License v3,
https://www.unicode.org/license.txt).

    python3 dicts/variants/make_variants.py [UNIHAN_DIR] > dicts/kanji_variants.txt

A pair S -> T is taken when
  1. kJinmeiyoKanji of S is "YEAR:T": Japan's official list of old forms
     allowed in names beside their standard form (德 -> 徳, 齊 -> 斉); or
     kJoyoKanji of T names S as its official jōyō glyph (剝 -> 剥: the JIS X
     0208 form is what people type); or
  2. S has a kZVariant, kSemanticVariant or kSpecializedSemanticVariant T, and
     - T is a jōyō or jinmeiyō kanji in its standard form,
     - S is not one (jōyō and jinmeiyō kanji are characters in their own
       right: 嶋 stays 嶋 ... only when it is on one of the lists),
     - S is not in JIS X 0208 level 1 (kJis0 rows 16-47: kanji in common
       use of their own),
     - S is in a Japanese character set (kIRG_JSource, kJIS0213 or
       kIBMJapan): a character Japanese text uses, not a Chinese-only form,
     - S is not a simplified Chinese form (it has no kTraditionalVariant
       other than itself), so simplified Chinese is never folded into
       Japanese forms,
     - T is the only candidate, or the only one marked as a z-variant
       (":Z" in the source annotation: 﨑 -> 崎, not 埼).
  3. neither rule pairs S, and KANJIDIC2 (Debian's kanjidic-xml package,
     /usr/share/edict/kanjidic2.xml.gz) cross-references S to exactly one
     jōyō or jinmeiyō kanji T in its standard form as a variant by JIS code
     (邊 -> 辺, 齋 -> 斎, 濱 -> 浜: Unihan links these only to simplified
     Chinese forms), under the same conditions on S as in 2.
Chains are followed to a form that folds no further; EXCLUDE lists pairs
left out on review.

KANJIDIC2 is © the Electronic Dictionary Research and Development Group,
under Creative Commons Attribution-ShareAlike 3.0
(https://www.edrdg.org/edrdg/licence.html); the pairs taken from it are
marked KANJIDIC2 in the table.
"""
import bz2
import gzip
import os
import re
import sys

UNIHAN = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/unicode"
KANJIDIC2 = sys.argv[2] if len(sys.argv) > 2 else "/usr/share/edict/kanjidic2.xml.gz"

# Left out on review: pairs Japanese writing keeps apart or Unihan links
# loosely (鯰/鮎 are two fish, 籐/藤 rattan and wisteria, 稱 is 称 and not
# 秤, 濱 is not 瀕), formal numerals (壹, 貳), radical forms (氵, 扌),
# Chinese-only words (她, 賬), and rare links a reader would not make.
EXCLUDE = {
    ("仟", "千"),
    ("佰", "百"),
    ("柒", "七"),
    ("壹", "一"),
    ("弌", "一"),
    ("弍", "二"),
    ("貳", "二"),
    ("肆", "四"),
    ("份", "分"),
    ("佔", "占"),
    ("她", "他"),
    ("牠", "他"),
    ("啊", "阿"),
    ("窕", "阿"),
    ("穩", "文"),
    ("譽", "域"),
    ("舀", "外"),
    ("瘧", "弄"),
    ("拆", "責"),
    ("抍", "基"),
    ("拯", "基"),
    ("哼", "苛"),
    ("絣", "背"),
    ("螫", "著"),
    ("滾", "菌"),
    ("蕈", "菌"),
    ("鍺", "堵"),
    ("醡", "詐"),
    ("榨", "酢"),
    ("睏", "困"),
    ("賬", "帳"),
    ("樸", "朴"),
    ("鯰", "鮎"),
    ("鰕", "蝦"),
    ("籐", "藤"),
    ("掉", "櫂"),
    ("澳", "襖"),
    ("譚", "談"),
    ("箴", "針"),
    ("緡", "眠"),
    ("嚥", "咽"),
    ("姆", "姥"),
    ("孀", "霜"),
    ("孛", "柏"),
    ("孰", "塾"),
    ("寨", "砦"),
    ("峒", "洞"),
    ("崗", "岡"),
    ("匈", "胸"),
    ("匊", "掬"),
    ("卍", "万"),
    ("卩", "節"),
    ("厶", "某"),
    ("亼", "集"),
    ("亻", "人"),
    ("冫", "氷"),
    ("刂", "刀"),
    ("勹", "包"),
    ("巛", "川"),
    ("忄", "心"),
    ("扌", "手"),
    ("氵", "水"),
    ("灬", "火"),
    ("爫", "爪"),
    ("牜", "牛"),
    ("犭", "犬"),
    ("礻", "示"),
    ("衤", "衣"),
    ("艹", "草"),
    ("艸", "草"),
    ("阝", "阜"),
    ("飠", "食"),
    ("仝", "同"),
    ("儆", "警"),
    ("戧", "創"),
    ("厎", "砥"),
    ("咨", "諮"),
    ("嗞", "諮"),
    ("唅", "含"),
    ("唫", "吟"),
    ("噏", "吸"),
    ("圢", "町"),
    ("坆", "墳"),
    ("坭", "泥"),
    ("奞", "奎"),
    ("徑", "勁"),
    ("愬", "訴"),
    ("拚", "帆"),
    ("掇", "挽"),
    ("搵", "按"),
    ("摭", "拓"),
    ("旁", "傍"),
    ("晁", "朝"),
    ("朳", "杷"),
    ("檉", "柳"),
    ("檟", "榎"),
    ("檴", "穫"),
    ("毓", "育"),
    ("澈", "徹"),
    ("濱", "瀕"),
    ("濵", "瀕"),
    ("熨", "尉"),
    ("瓷", "磁"),
    ("皝", "皓"),
    ("顥", "皓"),
    ("稱", "秤"),
    ("綢", "紬"),
    ("纔", "才"),
    ("缻", "缶"),
    ("耏", "耐"),
    ("苤", "瞥"),
    ("荍", "蕎"),
    ("蠃", "螺"),
    ("觔", "斤"),
    ("誩", "競"),
    ("豫", "預"),
    ("釵", "叉"),
    ("鍼", "針"),
    ("鵰", "彫"),
    ("麰", "牟"),
    ("𠂤", "堆"),
    ("𢭆", "抽"),
    ("㐅", "五"),
    ("㕚", "爪"),
    ("㣺", "心"),
    # From KANJIDIC2's cross-references: Chinese words and letters that a
    # Japanese text quotes as they are (你, 您, 嗎, 桌, 煞, 胭脂, 鋨 osmium,
    # 磺 sulfur), radicals, and links of shape rather than use.
    ("你", "爾"),
    ("伱", "爾"),
    ("您", "爾"),
    ("儞", "爾"),
    ("份", "彬"),
    ("觔", "筋"),
    ("嗎", "罵"),
    ("桌", "卓"),
    ("煞", "殺"),
    ("胭", "咽"),
    ("膻", "胆"),
    ("鋨", "鉄"),
    ("磺", "鉱"),
    ("坨", "陀"),
    ("乚", "隠"),
    ("丌", "其"),
    ("夶", "比"),
    ("檆", "杉"),
    ("宆", "穹"),
    ("灞", "覇"),
    ("鬻", "粥"),
    ("俼", "粥"),
}

fields = {}
for name in ("Variants", "OtherMappings", "IRGSources", "DictionaryLikeData"):
    path = os.path.join(UNIHAN, "Unihan_%s.txt.bz2" % name)
    with bz2.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cp, field, value = line.rstrip("\n").split("\t", 2)
            fields.setdefault(int(cp[2:], 16), {})[field] = value


def cps(value):
    return [int(m, 16) for m in re.findall(r"U\+([0-9A-F]+)", value)]


def get(c, f):
    return fields.get(c, {}).get(f)


def standard(c):
    """A jōyō or jinmeiyō kanji in its standard form."""
    j = get(c, "kJoyoKanji")
    if j is not None and "U+" not in j:
        return True
    n = get(c, "kJinmeiyoKanji")
    return n is not None and ":" not in n


def jis_level1(c):
    v = get(c, "kJis0")
    return v is not None and 16 <= int(v[:2]) <= 47


def japanese(fs):
    """In a Japanese character set: a J source, JIS X 0213, IBM's Japanese
    extension (髙, 﨑: kanji of names)."""
    return any(k in fs for k in ("kIRG_JSource", "kJIS0213", "kIBMJapan"))


pairs = {}  # source -> (target, why)
for c, fs in fields.items():
    n = fs.get("kJinmeiyoKanji")
    if n and ":" in n:
        pairs[c] = (cps(n)[0], "kJinmeiyoKanji")
    j = fs.get("kJoyoKanji")
    if j and "U+" in j:
        pairs[cps(j)[0]] = (c, "kJoyoKanji")

for c, fs in fields.items():
    if c in pairs or standard(c) or jis_level1(c) or not japanese(fs):
        continue
    if any(t != c for t in cps(fs.get("kTraditionalVariant", ""))):
        continue
    cands = {}
    for field in ("kZVariant", "kSemanticVariant", "kSpecializedSemanticVariant"):
        for m in re.finditer(r"U\+([0-9A-F]+)(<[^ ]*)?", fs.get(field, "")):
            t = int(m.group(1), 16)
            if t != c and standard(t):
                z = field == "kZVariant" or ":Z" in (m.group(2) or "")
                cands.setdefault(t, [field, False])
                cands[t][1] |= z
    if len(cands) > 1:
        zs = [t for t, (_, z) in cands.items() if z]
        cands = {t: cands[t] for t in zs} if len(zs) == 1 else {}
    if len(cands) == 1:
        t, (field, _) = next(iter(cands.items()))
        pairs[c] = (t, field)

def drop_excluded():
    for s in list(pairs):
        if (chr(s), chr(pairs[s][0])) in EXCLUDE:
            del pairs[s]


drop_excluded()  # 濱 -> 瀕 left out, so KANJIDIC2 may give 濱 -> 浜


def kanjidic_variants(path):
    """KANJIDIC2's variant cross-references: character -> the characters its
    <variant> elements name by JIS X 0208/0212/0213 code."""
    import xml.etree.ElementTree as ET
    by_code = {}
    refs = {}
    with gzip.open(path) as f:
        for _, e in ET.iterparse(f):
            if e.tag != "character":
                continue
            lit = ord(e.find("literal").text)
            for v in e.iter("cp_value"):
                if v.get("cp_type") in ("jis208", "jis212", "jis213"):
                    by_code[(v.get("cp_type"), v.text)] = lit
            refs[lit] = [(v.get("var_type"), v.text) for v in e.iter("variant")]
            e.clear()
    return {c: {by_code[r] for r in rs if r in by_code} for c, rs in refs.items()}


for c, targets in kanjidic_variants(KANJIDIC2).items():
    fs = fields.get(c, {})
    if c in pairs or standard(c) or jis_level1(c) or not japanese(fs):
        continue
    if any(t != c for t in cps(fs.get("kTraditionalVariant", ""))):
        continue
    cands = [t for t in targets if t != c and standard(t)]
    if len(cands) == 1:
        pairs[c] = (cands[0], "KANJIDIC2")

drop_excluded()


def final(s):
    seen = {s}
    t, why = pairs[s]
    while t in pairs:
        if t in seen:
            return None
        seen.add(t)
        t = pairs[t][0]
    return t, why


print("# Old and variant kanji -> the common Japanese form: one pair a line,")
print("# SOURCE<TAB>TARGET<TAB>the Unihan field or KANJIDIC2. Folded by the analyzer")
print("# (common/analyzer/fold.h, rule kanji); embedded at build time.")
print("#")
print("# Generated by dicts/variants/make_variants.py from the Unihan database")
print("# (Unihan_Variants, Unihan_OtherMappings, Unihan_IRGSources,")
print("# Unihan_DictionaryLikeData) in Debian's unicode-data package (15.0.0-1 here),")
with open(os.path.join(UNIHAN, "ReadMe.txt"), encoding="utf-8") as f:
    for line in f:
        if line.startswith("# Date:") or line.startswith("# ©"):
            print("#  " + line[1:].rstrip())
print("# Unicode data files are under the Unicode licence (Unicode License v3,")
print("# https://www.unicode.org/license.txt). Pairs marked KANJIDIC2 come from")
print("# KANJIDIC2 (Debian's kanjidic-xml package), (C) the Electronic Dictionary")
print("# Research and Development Group, under Creative Commons Attribution-ShareAlike")
print("# 3.0 (https://www.edrdg.org/edrdg/licence.html). The selection rules are in")
print("# the script.")
for s in sorted(pairs):
    r = final(s)
    if r is None or r[0] == s:
        continue
    print("%s\t%s\t%s" % (chr(s), chr(r[0]), r[1]))
