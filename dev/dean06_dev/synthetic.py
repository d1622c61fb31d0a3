"""Synthetic corpora laid out exactly like data/raw, for measuring how the pipeline scales.

`generate(root, n)` writes a corpus of n generated stories about Đề án 06 (about eight claims
each), most in Vietnamese and about one in four in English (the English editions of state media,
sources.csv `language` = en), with the manifest, claims, metric catalogue, excluded spans,
non-statistics rules, derivations and (no) decisions, so that the audit passes with every number
accounted for and cleaning and reconciliation run on it as on the archive. Nothing is pinned to
today's catalogue: each metric is printed from its row in metrics.csv (unit, kind, label_vi; a
count at the size the archive prints for it, else for its unit), two counts of one family in different units may share a
quote, and the archive's derivations (derivations.csv) are patterns: a story that prints the
metrics of a derivation's roles prints them as its rule needs and declares the same derivation. The text that exercises the
non-statistics rules is derived from the rules themselves: for each rule in data/raw/non_statistics.csv,
a stretch of the archived copy that the rule (and no rule before it) accounts for is printed in the
first generated story, so a rule added to the file is used in every corpus without touching this code.
The story's other fixed pieces that hold a number (the review period in the title, the timestamp,
the dated lead, "Đề án 06", the programme period, the horizon year, a document number, the source
address) are printed only when the rules account for them, checked as the audit checks, and
otherwise without their digits ("sơ kết triển khai Đề án", "Mới đây, …"): a rule removed or renamed
breaks no corpus. The random draws do not depend on the rules, so fewer rules change a corpus
only where a piece loses its digits (and a story whose lead prints no date is published on the
day of its conference). The figures use the forms the
real copies print (78.553.494, hơn 11,2 triệu, 94,03%, 38/53, trên 2,5 nghìn tỷ đồng, 09) and grow
with the event date the way cumulative counts do. English stories print the forms English copy
prints and the project reads in English (78,553,494, over 11.2 million, nearly 1.2 bn, 94.03 percent,
reaching 92%, over VND 2.5 trillion, trillions of dong; as-of wording 'By November 7', 'As of
7 November 2022', 'to date', 'At the current time'); derivations whose rule reads Vietnamese wording
(the comparison year of 'so với năm …') are drawn only in Vietnamese stories. The copies carry the real copies' defects too:
hard line breaks inside sentences, no-break spaces, photo captions, video-player residue,
teasers and a duplicated paragraph. Everything is drawn from one seeded generator, so a corpus
is identical byte for byte on every machine.

    python -m dean06_dev.synthetic /tmp/corpus 500
"""

from __future__ import annotations

import bisect
import csv
import hashlib
import io
import math
import random
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Callable, Iterable

from dean06 import paths
from dean06.catalog.tables import COLUMNS
from dean06.evidence.archive import Article
from dean06.evidence.coverage import account_for_numbers, load_rules
from dean06.evidence.quotes import locate
from dean06.textnorm import normalise

DERIVATION_COLUMNS = COLUMNS["derivations"]
START, END = date(2022, 3, 1), date(2025, 11, 30)
DATE_ACCESSED = "2026-11-22"
CLAIMS_PER_ARTICLE = (6, 10)  # uniform, so eight on average

OUTLETS = [
    ("NDO", "Báo Nhân Dân điện tử (NDO, nhandan.vn)", "https://nhandan.vn"),
    ("QNO", "Báo Quảng Nam (baoquangnam.vn)", "https://baoquangnam.vn"),
    ("TTXVN", "Thông tấn xã Việt Nam (TTXVN)", ""),
    ("VNP", "VietnamPlus (Vietnam+)", "https://www.vietnamplus.vn"),
    ("ZN", "Tri thức trực tuyến (Znews)", "https://znews.vn"),
    ("VNE", "VnExpress", "https://vnexpress.net"),
    ("TTO", "Tuổi Trẻ Online", "https://tuoitre.vn"),
    ("TNO", "Thanh Niên", "https://thanhnien.vn"),
    ("CAND", "Báo Công an nhân dân", "https://cand.com.vn"),
    ("VOV", "Đài Tiếng nói Việt Nam (VOV)", "https://vov.vn"),
    ("BCP", "Báo điện tử Chính phủ (baochinhphu.vn)", "https://baochinhphu.vn"),
    ("LAK", "Cổng thông tin huyện Lắk, tỉnh Đắk Lắk", ""),
]
# English editions of state media; a story from one of them is written in English.
OUTLETS_EN = [
    ("VNPE", "VietnamPlus, English edition (en.vietnamplus.vn)", "https://en.vietnamplus.vn"),
    ("SGGPE", "SGGP News, English edition (en.sggp.org.vn)", "https://en.sggp.org.vn"),
    ("VNS", "Viet Nam News (vietnamnews.vn)", "https://vietnamnews.vn"),
    ("VNNE", "VietNamNet, English edition (vietnamnet.vn/en)", "https://vietnamnet.vn/en"),
]
AUTHORS = ["VINH ANH", "Kim Dung", "Phạm Tiếp", "H Yur Je", "Minh Thu", "Lê Hoàng", "Thanh Hà", "Nguyễn Văn Long",
           "Trần Mai", "Hồng Nhung", "Đức Anh", "Bảo Ngọc"]
CHAIRS = ["Thủ tướng Chính phủ Phạm Minh Chính", "Phó Thủ tướng Trần Lưu Quang", "Đại tướng Tô Lâm, Bộ trưởng Bộ Công an",
          "Chủ tịch Ủy ban nhân dân tỉnh", "Tổ trưởng Tổ công tác triển khai Đề án 06"]
TIMES_OF_DAY = ["Sáng", "Chiều", "Ngày"]
RECENTLY = {"vi": "Mới đây", "en": "Recently"}  # a lead that prints no date
AUTHORS_EN = ["Vinh Anh", "Kim Dung", "Pham Tiep", "Minh Thu", "Le Hoang", "Thanh Ha", "Tran Mai", "Duc Anh"]
CHAIRS_EN = ["Prime Minister Pham Minh Chinh", "Deputy Prime Minister Tran Luu Quang",
             "General To Lam, Minister of Public Security", "The chairman of the provincial People's Committee",
             "The head of the scheme's working group"]

# Sentences without digits: the body of a story around its figures.
FILLER = [
    "Đây là hội nghị quan trọng để thảo luận về những nhiệm vụ cụ thể, giải pháp trọng tâm nhằm thúc đẩy chuyển đổi số quốc gia.",
    "Người đứng đầu Chính phủ nhấn mạnh quan điểm phải có tư duy đi trước, đón đầu, phát triển đột phá về công nghệ hiện đại.",
    "Các bộ, ngành và địa phương cần tiếp tục quán triệt tinh thần lấy người dân, doanh nghiệp làm trung tâm.",
    "Việc làm sạch dữ liệu dân cư được triển khai đồng bộ, thống nhất từ Trung ương đến cơ sở.",
    "Nhiều mô hình hay, cách làm sáng tạo đã được các địa phương nhân rộng trong thời gian qua.",
    "Bên cạnh kết quả đạt được, việc triển khai vẫn còn những tồn tại, hạn chế cần sớm khắc phục.",
    "Hạ tầng kỹ thuật, đường truyền tại một số nơi chưa đáp ứng yêu cầu kết nối, chia sẻ dữ liệu.",
    "Thủ tướng yêu cầu các bộ, ngành rà soát, cắt giảm thủ tục hành chính không cần thiết.",
    "Công tác bảo đảm an ninh, an toàn thông tin phải được đặt lên hàng đầu trong mọi khâu.",
    "Người dân có thể dùng căn cước công dân gắn chip thay cho nhiều loại giấy tờ khi thực hiện thủ tục.",
    "Ứng dụng định danh điện tử giúp giảm thời gian đi lại và chi phí cho người dân, doanh nghiệp.",
    "Tổ công tác đã thường xuyên kiểm tra, đôn đốc, hướng dẫn các địa phương tháo gỡ vướng mắc.",
    "Các đại biểu đã tập trung thảo luận, đánh giá kết quả, chỉ ra nguyên nhân và bài học kinh nghiệm.",
    "Hội nghị được kết nối trực tuyến từ điểm cầu Trụ sở Chính phủ tới các tỉnh, thành phố trực thuộc Trung ương.",
    "Dịch vụ công trực tuyến toàn trình tiếp tục được mở rộng, tạo thuận lợi cho người dân.",
    "Việc thanh toán không dùng tiền mặt trong khám chữa bệnh, giáo dục và an sinh xã hội tiếp tục được đẩy mạnh.",
    "Thủ tướng đề nghị tiếp tục hoàn thiện thể chế, tạo hành lang pháp lý cho chuyển đổi số.",
    "Các địa phương đã bố trí nguồn lực, nhân lực để bảo đảm tiến độ các nhiệm vụ được giao.",
    "Nhiều tiện ích trên ứng dụng VNeID đã được tích hợp, giúp người dân tra cứu thông tin nhanh chóng.",
    "Công an các địa phương tổ chức cấp căn cước lưu động tại nhà cho người cao tuổi, người ốm đau.",
    "Sự phối hợp giữa các bộ, ngành trong chia sẻ dữ liệu đã có chuyển biến tích cực.",
    "Ngân hàng, viễn thông và bảo hiểm là những lĩnh vực được khuyến khích khai thác dữ liệu dân cư.",
]
FILLER_EN = [
    "The conference was an important occasion to discuss specific tasks and key solutions for national digital transformation.",
    "The head of the Government stressed the need to think ahead and to develop modern technology.",
    "Ministries, sectors and localities were asked to keep people and businesses at the centre of the work.",
    "Cleaning the population data has been carried out in a uniform way from the central to the grassroots level.",
    "Many good models and creative approaches have been replicated by localities over the past period.",
    "Besides the results achieved, there remain shortcomings and limitations that need to be addressed soon.",
    "The technical infrastructure and transmission lines in some places do not yet meet the needs of data sharing.",
    "The Prime Minister asked ministries and sectors to review and cut unnecessary administrative procedures.",
    "Information security and safety must be given top priority at every stage.",
    "People can use their chip-based citizen ID cards instead of many other papers when carrying out procedures.",
    "The electronic identification application saves people and businesses time and travel costs.",
    "The working group has regularly inspected, urged and guided localities to remove obstacles.",
    "Delegates discussed and assessed the results, pointing out the causes and the lessons learnt.",
    "The conference was connected online from the Government headquarters to provinces and cities.",
    "Full-process online public services continue to be expanded, making things easier for people.",
    "Cashless payments in health care, education and social security continue to be promoted.",
]
CAPTIONS_EN = ["The Prime Minister speaks at the conference. Photo: VNA", "Delegates at a provincial connection point. Photo: VNA",
               "An overview of the online conference. Photo: VGP", "Residents apply for citizen ID cards. Photo: provincial police"]
TEASERS_EN = ["Vietnam beat the visitors 3-0 in last night's friendly",
              "Gold prices rise by VND 1.2 million per tael today",
              "Cold spell brings temperatures down to 12 degrees C in the north"]
OPENERS = {"vi": ["Theo báo cáo, ", "Theo Bộ Công an, ", "Báo cáo cho biết, ", "Cũng tại hội nghị, ", "Cụ thể, "],
           "en": ["According to the report, ", "The Ministry of Public Security said ", "The report said ",
                  "Also at the conference, ", "Specifically, "]}
CAPTIONS = ["Thủ tướng Chính phủ phát biểu tại hội nghị. Ảnh: VGP", "Các đại biểu dự hội nghị tại điểm cầu tỉnh. Ảnh: TTXVN",
            "Quang cảnh hội nghị trực tuyến. Ảnh: Báo Chính phủ", "Người dân làm thủ tục cấp căn cước. Ảnh: Công an tỉnh"]
TEASERS = ["Đội tuyển Việt Nam thắng 3-0 trong trận giao hữu tối qua",
           "Giá vàng hôm nay tăng 1,2 triệu đồng mỗi lượng",
           "Thời tiết: miền Bắc đón đợt không khí lạnh, nhiệt độ xuống 12 độ C",
           "Top 10 cuốn sách nên đọc trong kỳ nghỉ hè",
           "Ra mắt mẫu điện thoại mới giá 25 triệu đồng"]

# How a metric is printed follows from its row in metrics.csv (unit, kind); a count's size is not
# there, so it comes from the archive's own figures for the metric (a handful of directives, tens
# of millions of cards), else from those of its unit, and only for a unit the archive has never
# printed from a digest of the metric's key: stable whatever other metrics the catalogue holds.
# (form, value at START, value at END) per form:
COUNT_FORMS = [("big", 1e6, 9e7), ("big", 5e7, 3e9), ("mid", 500, 150000), ("small", 1, 40), ("small", 5, 600)]
GROWING = ("cumulative_count", "fraction")  # kinds whose figure never falls with time
SPREAD = (0.7, 1.3)  # generated counts range a little below and above the archive's


@dataclass(frozen=True)
class MetricText:
    """How generated copy prints one metric: value form, its range over the period, its label."""

    metric: str
    form: str  # big, mid, small, pct, frac, vnd
    lo: float
    hi: float
    label: str  # label_vi, first letter lower-cased, to sit mid-sentence
    kind: str
    family: str
    unit: str
    label_en: str = ""  # label_en, as `label`
    trend: "Trend | None" = field(default=None, compare=False)  # a cumulative count's dated figures
    shown: set = field(default_factory=set, compare=False)  # (language, rare form) the corpus has printed

    def quote(self, value: str, event: date, second: bool = False, named_year: bool = True, lang: str = "vi") -> str:
        """A phrase holding the figure; `second` words it differently (a repeat in the standfirst)."""
        if self.kind == "change":
            return self.rise(value, event, named_year, lang)
        if lang == "en":
            if second:
                return f"recorded {value} ({self.label_en})"
            return (f"the figure for {self.label_en} kept rising, {value}" if value.startswith("reaching ")
                    else f"the figure for {self.label_en} stood at {value}")
        if second:
            return f"ghi nhận {value} ({self.label})"
        return f"{self.label} {value}" if value.startswith("đạt ") else f"{self.label} là {value}"

    def rise(self, value: str, event: date, named_year: bool = True, lang: str = "vi") -> str:
        """A rise naming the year it is measured against, as copy prints one ('tăng 32,5% so với năm 2022');
        without `named_year` (no rule accounts for a year in a quote, which is not the claim's figure),
        'so với năm trước' (than the year before). English copy says 'from the previous year'."""
        if lang == "en":
            return f"{self.label_en} rose by {value} from the previous year"
        return f"{self.label} tăng {value} so với năm {event.year - 1 if named_year else 'trước'}"


class Trend:
    """The dated figures of a count that only grows (kind cumulative_count or fraction): the archive's,
    then each generated one as it is printed. A generated figure lies between the greatest earlier
    figure and the least later one, so no count falls: between two dated figures it follows the
    line joining them, after the last one it keeps the archive's pace (or, with one archived figure,
    rises to the top of the metric's range by the period's end), before the first it starts from the
    low end of the range."""

    def __init__(self, known: Iterable[tuple[date, float, float]] = ()):
        self.dates: list[date] = []  # sorted
        self.lows: list[float] = []
        self.highest_before: list[float] = []  # [k]: the greatest least-value up to figure k (a path never down)
        self.lowest_after: list[float] = []  # [k]: the least greatest-value from figure k on
        for when, low, high in sorted(known):
            self.add(when, low, high)
        # the archive's pace: its first to its last figure, when they are a month or more apart and grew
        days = (self.dates[-1] - self.dates[0]).days if self.dates else 0
        rise = self.highest_before[-1] - self.highest_before[0] if self.dates else 0.0
        self.pace = rise / days if days >= 30 and rise > 0 else None

    def room(self, when: date) -> tuple[float, float]:
        """The least and greatest figure that keeps the count from falling, on `when`."""
        i, j = bisect.bisect_left(self.dates, when), bisect.bisect_right(self.dates, when)
        floor = self.highest_before[i - 1] if i else 0.0
        ceiling = self.lowest_after[j] if j < len(self.dates) else math.inf
        return floor, max(floor, ceiling)

    def central(self, when: date, lo: float, hi: float) -> float:
        """The figure the count's path gives on `when` (before any spread)."""
        if not self.dates:
            return lo + (hi - lo) * (when - START).days / (END - START).days
        start = (START, min(lo, self.lows[0]))
        i = bisect.bisect_right(self.dates, when)
        if i == len(self.dates):  # after the last figure: the archive's own pace, else on to the range's top
            last_d, last_v = self.dates[-1], self.highest_before[-1]
            if self.pace is not None:
                value = last_v + self.pace * (when - last_d).days
            else:
                value = last_v + (max(hi, last_v) - last_v) * (when - last_d).days / max(1, (END - last_d).days)
            return min(value, 2 * last_v)  # a pace read off two early figures must not run away
        (d0, v0) = (self.dates[i - 1], self.highest_before[i - 1]) if i else start
        d1, v1 = self.dates[i], self.highest_before[i]
        return v0 + (v1 - v0) * max(0, (when - d0).days) / max(1, (d1 - d0).days)

    def fits(self, when: date, low: float, high: float) -> bool:
        floor, ceiling = self.room(when)
        return high >= floor and low <= ceiling

    def add(self, when: date, low: float, high: float) -> None:
        i = bisect.bisect_right(self.dates, when)
        self.dates.insert(i, when)
        self.lows.insert(i, low)
        self.highest_before.insert(i, max(low, self.highest_before[i - 1] if i else low))
        self.lowest_after.insert(i, min(high, self.lowest_after[i] if i < len(self.lowest_after) else high))
        for k in range(i + 1, len(self.dates)):  # later figures: their path is at least this one
            if self.highest_before[k] >= low:
                break
            self.highest_before[k] = low
        for k in range(i - 1, -1, -1):  # earlier figures: their ceiling is at most this one
            if self.lowest_after[k] <= high:
                break
            self.lowest_after[k] = high


def archive_figures(root: Path) -> tuple[dict[str, list[tuple[date, float, float]]], dict[str, int]]:
    """Per metric, the archive's figures as cleaning dates and bounds them (as of, least, greatest:
    the bounds reconciliation compares when it asks whether a count fell), and the whole a fraction
    is printed of (38/53: 53, the latest printed)."""
    import pandas as pd

    from dean06.catalog import tables
    from dean06.clean.step import TABLES, clean_claims

    # the printed figures only: an archive being edited (a claim removed before its derivation) still
    # gives the dates of what it prints
    frames = []
    for name in TABLES:
        table, _ = tables.read_rows(name, root, required_cells=False)
        frames.append(pd.DataFrame([[r[c] for c in table.columns] for r in table.rows], columns=table.columns, dtype=str))
    dated: dict[str, list[tuple[date, float, float]]] = {}
    wholes: dict[str, int] = {}
    table = clean_claims(*frames, pd.DataFrame(columns=tables.COLUMNS["derivations"], dtype=str))
    for r in table[~table["flag_repeated"]].sort_values(["as_of", "claim_id"]).to_dict("records"):
        low = r["lower"] if not math.isnan(r["lower"]) else r["value"]
        high = r["upper"] if not math.isnan(r["upper"]) else math.inf
        if not math.isnan(low):
            dated.setdefault(r["metric"], []).append((date.fromisoformat(r["as_of"]), float(low), float(high)))
        if not math.isnan(r["denominator"]):
            wholes[r["metric"]] = int(r["denominator"])
    return dated, wholes


def _digest(text: str) -> int:
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:8], 16)


def _mid_sentence(label: str) -> str:
    """A label as it sits mid-sentence: without its own numbers ('so với 2022': they are not the figure,
    and in a quote no rule may account for them), first letter lower-cased ('Thẻ …' but not 'CCCD …')."""
    label = " ".join(word for word in label.split() if not any(ch.isdigit() for ch in word))
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def archived_counts(claims: list[dict], sources: list[dict]) -> dict[str, list[float]]:
    """Per metric, the counts the archive prints for it (claims.csv, read as cleaning reads them in
    the language of their source); figures that are not plain counts (percentages, money, fractions,
    vague magnitudes) or that do not read are left out."""
    from dean06.clean.numerals import NumeralError, parse_numeral, reading_checked

    language = {r["source_id"]: r.get("language") or "vi" for r in sources}
    out: dict[str, list[float]] = {}
    for c in claims:
        try:
            n = parse_numeral(c["value_text"], lang=language.get(c["source_id"], "vi"), quote=c["quote"],
                              checked=reading_checked(c.get("notes", "")), proportion=False)
        except NumeralError:
            continue
        if n.unit is None and n.denominator is None and not n.vague and n.value > 0:
            out.setdefault(c["metric"], []).append(float(n.value))
    return out


def count_form(values: list[float]) -> tuple[str, float, float]:
    """A count's form and range from the figures printed for it: spread about them, printed in the
    form copy uses for that size (millions in words, thousands grouped, small numbers plain)."""
    lo, hi = min(values) * SPREAD[0], max(values) * SPREAD[1]
    form = "big" if lo >= 1e6 else "mid" if lo >= 1000 else "small"
    return form, max(lo, 1.0), hi


def metric_texts(metrics: list[dict], counts: dict[str, list[float]] | None = None,
                 dated: dict[str, list[tuple[date, float, float]]] | None = None,
                 wholes: dict[str, int] | None = None) -> dict[str, MetricText]:
    """Every metric of the catalogue (rows of metrics.csv) as generated copy prints it; `counts`:
    the archive's counts per metric (archived_counts), which set the size of each count metric;
    `dated` and `wholes`: the archive's dated figures and fractions' wholes (archive_figures), which
    a count that only grows stays coherent with."""
    counts, dated, wholes = counts or {}, dated or {}, wholes or {}
    by_unit: dict[str, list[float]] = {}
    for r in metrics:
        by_unit.setdefault(r["unit"], []).extend(counts.get(r["metric"], []))
    out = {}
    for r in metrics:
        unit, kind = r["unit"], r["kind"]
        if unit == "percent":
            form, lo, hi = ("pct", 5, 40) if kind == "change" else ("pct", 30, 99)
        elif unit.startswith("VND"):
            form, lo, hi = "vnd", 6e11, 4e12
        elif kind == "fraction":
            total = wholes.get(r["metric"]) or 40 + _digest(r["metric"]) % 60  # the archive's whole, when printed
            form, lo, hi = "frac", total * 0.4, total
        elif counts.get(r["metric"]) or by_unit.get(unit):
            form, lo, hi = count_form(counts.get(r["metric"]) or by_unit[unit])
        else:
            form, lo, hi = COUNT_FORMS[_digest(r["metric"]) % len(COUNT_FORMS)]
        label, label_en = _mid_sentence(r["label_vi"]), _mid_sentence(r.get("label_en") or r["label_vi"])
        trend = Trend(dated.get(r["metric"], [])) if kind in GROWING else None
        out[r["metric"]] = MetricText(r["metric"], form, lo, hi, label, kind, r["family"], unit, label_en, trend)
    return out


def pairs(texts: dict[str, MetricText]) -> list[tuple[str, str]]:
    """Two counts of one family in different units (accounts and applications, say): copy often
    names both in one quote, as one archived story does."""
    counts = [t for t in texts.values() if t.form in ("big", "mid") and t.kind != "change"]
    return [(a.metric, b.metric) for i, a in enumerate(counts) for b in counts[i + 1:]
            if a.family == b.family and a.unit != b.unit]


def rule_examples(root: Path) -> list[str]:
    """One stretch of archived copy per non-statistics rule, in the rules' order: the text the rule
    matches around a number that it, and no rule listed before it, accounts for. Printed in a
    generated story, it uses the rule there as in the archive."""
    from dean06.evidence.audit import run_audit  # the audit of the archive beside this code

    result = run_audit(root)
    _, rules, _ = load_rules(root)
    examples = []
    for rule_id, pattern in rules.items():
        token = next((t for t in result.tokens if t.accounted_by == f"rule:{rule_id}"), None)
        if token is None:
            continue  # a rule that accounts for nothing fails the archive's own audit
        norm = result.articles[token.source_id].norm
        match = next(m for m in pattern.finditer(norm) if m.start() <= token.start and token.end <= m.end())
        examples.append(match.group())
    return examples


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def dotted(n: int) -> str:
    """78553494 -> '78.553.494' (Vietnamese thousands separator)."""
    return f"{n:,}".replace(",", ".")


def decimal(x: float, places: int) -> str:
    """11.2 -> '11,2'; a whole number loses its ',0'."""
    text = f"{x:.{places}f}".replace(".", ",")
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def grouped(n: int) -> str:
    """78553494 -> '78,553,494' (English thousands separator)."""
    return f"{n:,}"


def point(x: float, places: int) -> str:
    """11.2 -> '11.2' (English decimal point); a whole number loses its '.0'."""
    text = f"{x:.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_value_en(rng: random.Random, form: str, value: float, reach: bool = False, vague: bool = False) -> str:
    """The figure as an English copy prints it: `over 13.8 million`, `78,553,494`, `62.5 percent`,
    `reaching 92%`, `over VND 2.5 trillion`, `trillions of dong` (always, with `vague`, when it is
    at least a trillion)."""
    if form == "big":
        if value >= 1e9 or rng.random() < 0.45:
            qualifier = rng.choice(["over", "more than", "nearly", "almost", "about", "around"])
            scale, word = (1e9, rng.choice(["billion", "bn"])) if value >= 1e9 else (1e6, rng.choice(["million", "mln"]))
            return f"{qualifier} {point(value / scale, 1)} {word}"
        return grouped(int(value))
    if form == "mid":
        if rng.random() < 0.5:
            return f"more than {grouped(int(value // 100 * 100))}"
        return grouped(int(value))
    if form == "small":
        return str(max(1, int(round(value))))
    if form == "pct":
        value = min(value, 100.0)
        number = f"{int(round(value))}" if rng.random() < 0.4 else point(value, 2)
        text = number + rng.choice(["%", " percent", " per cent"])
        return f"reaching {text}" if reach and rng.random() < 0.3 else text
    if form == "vnd":
        if value >= 1e12 and (rng.random() < 0.3 or vague):
            return "trillions of dong"  # a vague magnitude: at least a trillion
        qualifier = rng.choice(["over", "more than", "about", "nearly"])
        amount, word = (point(value / 1e12, 1), "trillion") if value >= 1e12 else (grouped(int(value / 1e9)), "billion")
        return f"{qualifier} VND {amount} {word}" if rng.random() < 0.5 else f"{qualifier} {amount} {word} dong"
    raise ValueError(f"unknown value form {form!r}")


def format_value(rng: random.Random, form: str, value: float, reach: bool = False, lang: str = "vi",
                 vague: bool = False) -> str:
    """The figure as a copy in `lang` prints it, with a qualifier and scale word where the copies use them."""
    if lang == "en":
        return format_value_en(rng, form, value, reach, vague)
    if form == "big":
        if value >= 1e9 or rng.random() < 0.45:
            qualifier = rng.choice(["hơn", "hơn", "trên", "gần", "khoảng"])
            scale, word = (1e9, "tỷ") if value >= 1e9 else (1e6, "triệu")
            return f"{qualifier} {decimal(value / scale, 1)} {word}"
        return dotted(int(value))
    if form == "mid":
        if rng.random() < 0.5:
            return f"hơn {dotted(int(value // 100 * 100))}"
        return dotted(int(value))
    if form == "small":
        n = max(1, int(round(value)))
        return f"{n:02d}" if n < 10 and rng.random() < 0.2 else str(n)
    if form == "pct":
        value = min(value, 100.0)
        text = f"{int(round(value))}%" if rng.random() < 0.4 else f"{decimal(value, 2)}%"
        return f"đạt {text}" if reach and rng.random() < 0.3 else text
    if form == "vnd":
        qualifier = rng.choice(["trên", "hơn", "khoảng", "gần"])
        if value >= 1e12:
            return f"{qualifier} {decimal(value / 1e12, 1)} nghìn tỷ đồng"
        return f"{qualifier} {dotted(int(value / 1e9))} tỷ đồng"
    raise ValueError(f"unknown value form {form!r}")


def metric_value(rng: random.Random, text: MetricText, when: date, exact: bool = False, lang: str = "vi") -> str:
    """The figure of `text`'s metric on `when` in a copy in `lang`, growing over the period; `exact`:
    no qualifier or scale word (the inputs of a derivation)."""
    if text.trend is None:
        share = (when - START).days / (END - START).days
        return _printed(rng, text, (text.lo + (text.hi - text.lo) * share) * rng.uniform(0.97, 1.03), exact, lang)
    # a count that only grows: spread about its path, kept between the figures before and after
    floor, ceiling = text.trend.room(when)
    value = min(max(text.trend.central(when, text.lo, text.hi) * rng.uniform(0.97, 1.03), floor), ceiling)
    printed = _printed(rng, text, value, exact, lang)
    low, high = _bounds(printed, lang)
    if not text.trend.fits(when, low, high):  # a qualifier or rounding crossed a bound: print it exactly
        printed = _printed(rng, text, math.ceil(floor) if math.ceil(floor) <= ceiling else floor, True, lang)
        low, high = _bounds(printed, lang)
    text.trend.add(when, low, high)
    return printed


def _bounds(printed: str, lang: str) -> tuple[float, float]:
    """The least and greatest value a printed figure stands for, as reconciliation compares them
    (a fraction by its numerator; 'over' has no upper end; 'about' is its value both ways)."""
    from dean06.clean.numerals import parse_numeral

    n = parse_numeral(printed, lang=lang, proportion=False)
    value = float(n.value)
    return (float(n.lower) if n.lower is not None else value), (float(n.upper) if n.upper is not None else math.inf)


def _printed(rng: random.Random, text: MetricText, value: float, exact: bool, lang: str) -> str:
    if text.form == "frac":
        total = int(text.hi)
        return f"{min(total, max(1, int(round(value))))}/{total}"
    if exact and text.form in ("big", "mid"):
        return grouped(int(value)) if lang == "en" else dotted(int(value))
    if exact and text.form == "pct":
        return f"{int(round(min(value, 100.0)))}%"
    # 'đạt 92%', 'reaching 92%', as copy prints a share; a corpus prints a vague magnitude at least once
    # ('trillions of dong': rare in copy, and the form the reading of vague figures is tested on)
    printed = format_value(rng, text.form, value, reach=text.kind == "share", lang=lang,
                           vague=(lang, "vague") not in text.shown)
    if not any(ch.isdigit() for ch in printed):
        text.shown.add((lang, "vague"))
    return printed


@dataclass
class Claim:
    metric: str
    quote: str
    value_text: str
    as_of_text: str = ""
    repeats: "Claim | None" = None  # the claim whose figure it repeats
    notes: str = ""
    role: str = ""  # the role it plays in a derivation of its story


@dataclass
class Story:
    """An article being assembled: pieces of text, with the character ranges that are not the story."""
    text: str = ""
    spans: list[tuple[int, int, str, str]] = field(default_factory=list)  # start, end, kind, reason

    def add(self, piece: str) -> None:
        self.text += _nfc(piece)

    def add_span(self, piece: str, kind: str, reason: str) -> None:
        piece = _nfc(piece)
        start = len(self.text)
        self.text += piece
        self.spans.append((start, start + len(piece), kind, reason))


def _wrap(text: str, width: int) -> str:
    """Hard line breaks inside a paragraph, as some copies have: a space becomes a newline (same length)."""
    out, column = [], 0
    for ch in text:
        column += 1
        if ch == " " and column > width:
            out.append("\n")
            column = 0
        else:
            out.append(ch)
    return "".join(out)


MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")


def _as_of(rng: random.Random, event: date, lang: str = "vi",
           figures: Callable[[date], tuple[str, ...]] | None = None) -> tuple[str, str, tuple[str, ...]]:
    """(as_of_text, the clause that prints it at the head of the quote, the quote's figures).
    `figures` prints the quote's figures as of a date: they are drawn for the date the quote will be
    read as of (its own, or the event's when it prints none), so a count that only grows is coherent
    with the figures before and after it. An English date's day stands apart from its month
    ('November 7,'), so it must not print one of the figures, or the quote would hold it twice."""
    figures = figures or (lambda when: ())
    roll = rng.random()
    if roll < 0.45:
        return "", "", figures(event)
    if roll < 0.6:  # mid-sentence, after an attribution: see _story
        return (("so far", "so far, ") if lang == "en" else ("đến nay", "đến nay, ")) + (figures(event),)
    if roll < 0.7:
        if lang == "en":
            text = rng.choice(["At the current time", "At present", "To date"])
            return text, f"{text}, ", figures(event)
        return "Hiện nay", "Hiện nay, ", figures(event)
    when = event - timedelta(days=rng.randint(1, 40))
    values = figures(when)
    if lang == "en":
        while str(when.day) in values:
            when -= timedelta(days=1)
        month = MONTHS_EN[when.month - 1]
        if roll < 0.8:
            text = f"By {month} {when.day}"  # the year is inferred from the event date
        elif roll < 0.92:
            text = f"As of {when.day} {month} {when.year}"
        else:
            text = f"By {month} {when.day}, {when.year}"
        return text, f"{text}, ", values
    if roll < 0.92:
        text = f"{when.day}/{when.month}/{when.year}"
    else:
        text = f"{when.day}/{when.month}"
    return text, f"Tính đến ngày {text}, ", values


@dataclass(frozen=True)
class Pattern:
    """A derivation the archive makes (derivations.csv): its rule and metric, and the metric of the
    claim each role takes. A generated story that prints all those metrics may derive the same."""

    rule: str
    metric: str
    roles: tuple[tuple[str, str], ...]  # (role, input metric), in the order of the archived row


def patterns(archive: Path, texts: dict[str, MetricText]) -> list[Pattern]:
    """The archive's derivations as patterns, for the rules the generator can print inputs for."""
    from dean06.catalog import tables

    root = archive.parents[1]
    metric_of = {r["claim_id"]: r["metric"] for r in _read_csv((archive / "claims.csv").read_bytes())[1]}
    found = []
    for r in tables.read("derivations", root).to_dict("records"):
        roles = tuple((role, metric_of.get(cid, "")) for role, _, cid in
                      (pair.partition("=") for pair in tables.split_ids(r["inputs"])))
        shape = INPUT_SHAPES.get(r["rule"])
        pattern = Pattern(r["rule"], r["metric"], roles)
        if shape and all(m in texts for _, m in roles) and shape(texts, dict(roles)) and pattern not in found:
            found.append(pattern)
    return found


# Per rule: whether the metrics of its roles can be printed so the rule applies (a count and a
# percentage; two percentages). A rule missing here is not used in generated stories.
INPUT_SHAPES = {
    "base_from_rate": lambda t, roles: t[roles["count"]].form in ("big", "mid", "small") and t[roles["rate"]].form == "pct",
    "level_before_change": lambda t, roles: t[roles["level"]].form == "pct" and t[roles["change"]].form == "pct",
}


def _inputs(rng: random.Random, pattern: Pattern, texts: dict[str, MetricText], event: date,
            named_year: bool = True, lang: str = "vi") -> list[Claim]:
    """The claims a derivation takes, printed as its rule needs them (exact figures of one date)."""
    roles = dict(pattern.roles)
    if pattern.rule == "level_before_change":
        as_of_text, lead, _ = _as_of(rng, event)
        level = rng.randint(30, 95)
        change = rng.randint(1, level // 2)  # the percentage-point reading stays positive
        a, b = texts[roles["level"]], texts[roles["change"]]
        return [Claim(a.metric, lead + a.quote(f"{level}%", event), f"{level}%", as_of_text, role="level"),
                Claim(b.metric, b.rise(f"{change}%", event, named_year), f"{change}%", role="change")]
    def figures(when: date) -> tuple[str, ...]:
        values = []
        for role, metric in pattern.roles:
            text = texts[metric]
            if role == "count" and text.trend is None:  # large enough that some whole base gives the rounded rate
                low = max(10**5, int(text.lo))
                values.append((grouped if lang == "en" else dotted)(rng.randint(low, max(low, int(text.hi)))))
            else:  # a count that only grows follows its path
                values.append(metric_value(rng, text, when, exact=True, lang=lang))
        return tuple(values)

    as_of_text, lead, values = _as_of(rng, event, lang, figures)
    return [Claim(metric, lead + texts[metric].quote(value, event, named_year=named_year, lang=lang), value,
                  as_of_text, role=role) for (role, metric), value in zip(pattern.roles, values)]


def _claims(rng: random.Random, texts: dict[str, MetricText], joined: list[tuple[str, str]],
            derivable: list[Pattern], event: date, named_year: bool = True,
            lang: str = "vi") -> tuple[list[Claim], list[tuple[Pattern, list[Claim]]]]:
    """A story's claims in `lang`, and the derivations they allow (each with its input claims)."""
    count = rng.randint(*CLAIMS_PER_ARTICLE)
    drawn = rng.sample(list(texts), min(count, len(texts)))
    claims: list[Claim] = []
    derivations: list[tuple[Pattern, list[Claim]]] = []
    taken: set[str] = set()
    for pattern in derivable:
        needed = [m for _, m in pattern.roles]
        if any(m in drawn for m in needed) and rng.random() < 0.5:  # copy often prints them together
            drawn += [m for m in needed if m not in drawn]
        if all(m in drawn for m in needed) and not taken & set(needed):
            inputs = _inputs(rng, pattern, texts, event, named_year, lang)
            claims += inputs
            derivations.append((pattern, inputs))
            taken |= set(needed)
    pair = next(((a, b) for a, b in joined if a in drawn and b in drawn and not taken & {a, b}), None)
    if pair and rng.random() < 0.5:
        def both(when: date) -> tuple[str, str]:
            a, b = metric_value(rng, texts[pair[0]], when, lang=lang), metric_value(rng, texts[pair[1]], when, lang=lang)
            while b == a:  # each figure must occur once in the quote they share, or neither says which is its
                b = metric_value(rng, texts[pair[1]], when, lang=lang)
            return a, b

        as_of_text, lead, (a, b) = _as_of(rng, event, lang, both)
        if lang == "en":
            quote = lead + f"there were {a} {texts[pair[0]].label_en} and {b} {texts[pair[1]].label_en}"
        else:
            quote = lead + f"với {a} {texts[pair[0]].label} và {b} {texts[pair[1]].label}"
        claims.append(Claim(pair[0], quote, a, as_of_text, notes="One quote names two figures."))
        claims.append(Claim(pair[1], quote, b, as_of_text))
        taken |= set(pair)
    else:
        pair = None
    for metric in drawn:
        if metric in taken:
            continue
        as_of_text, lead, (value,) = _as_of(rng, event, lang,
                                            lambda when, m=metric: (metric_value(rng, texts[m], when, lang=lang),))
        claims.append(Claim(metric, lead + texts[metric].quote(value, event, named_year=named_year, lang=lang), value,
                            as_of_text))
    if rng.random() < 0.2:  # a body figure repeated in the standfirst, as copy does
        first = claims[rng.randrange(len(claims))]
        if texts[first.metric].form == "big" and first.quote.count(first.value_text) == 1 and not first.notes \
                and not (pair and first.metric in pair):
            quote = texts[first.metric].quote(first.value_text, event, second=True, lang=lang)
            claims.insert(0, Claim(first.metric, "* " + quote[0].upper() + quote[1:], first.value_text, "",
                                   repeats=first, notes="Standfirst; repeats a figure from the body."))
    return claims, derivations


def accounted(piece: str, rules: dict[str, re.Pattern]) -> bool:
    """Whether `rules` account for every number in `piece`, decided by the audit itself
    (`account_for_numbers` on the piece alone): a fixed piece of copy holding a number is printed
    only when they do."""
    tokens, _ = account_for_numbers({"piece": Article("piece", "piece", piece)}, {}, rules)
    return all(token.accounted_by for token in tokens)


def _story(rng: random.Random, sid: str, outlet: tuple[str, str, str], event: date,
           published: date, claims: list[Claim], complete: bool, rules: dict[str, re.Pattern],
           examples: tuple[str, ...] = (), lang: str = "vi") -> tuple[str, list[tuple[int, int, str, str]], dict]:
    """One story in `lang`. Its fixed pieces that hold a number (review period, timestamp, dated lead,
    programme name and period, horizon year, document number, address, the rules' examples) are
    printed only when `rules` account for them, otherwise in a variant without digits: the
    random draws are the same either way, so a corpus changes only where a rule is missing."""

    def keep(piece: str, instead: str = "") -> str:
        return piece if accounted(piece, rules) else instead

    code, _, site = outlet
    english = lang == "en"
    if english:
        name = keep("Scheme 06", "the scheme")
        chair = rng.choice(CHAIRS_EN)
        review = rng.choice(["one-year", "two-year", "six-month"]) + " review"
        title = f"{chair.split(',')[0]} chairs {review} conference on {name}"
        author = rng.choice(AUTHORS_EN)
    else:
        name = keep("Đề án 06", "Đề án")
        chair = rng.choice(CHAIRS).replace("Đề án 06", name)
        years = rng.choice(["1 năm", "2 năm", "02 năm", "6 tháng"])
        review = keep(f"sơ kết {years}", "sơ kết")
        title = f"{chair.split(',')[0]} chủ trì hội nghị {review} triển khai {name}"
        author = rng.choice(AUTHORS)
    clock = f"{rng.randint(6, 21):02d}:{rng.randint(0, 59):02d}"
    wrapped = rng.random() < 0.2
    nbsp = rng.random() < 0.3
    author_first = rng.random() < 0.5
    full = rng.random() < 0.6  # the lead's date prints its year
    if english:
        dated = f"On {MONTHS_EN[event.month - 1]} {event.day}" + (f", {event.year}" if full else "")
    else:
        day = rng.choice(TIMES_OF_DAY)
        dated = f"{day} {event.day}/{event.month}" + (f"/{event.year}" if full else "")
    dated = keep(dated)
    if not dated:  # the lead dates nothing: the conference is on the day the story is published
        published = event
    shown = keep(f"{published:%d/%m/%Y} {clock}" if author_first else f"{clock} {published:%d/%m/%Y}")
    stamp = f"{clock} {published:%d/%m/%Y}" if shown else ""
    story = Story()
    story.add(title + "\n\n")
    if author_first:
        story.add(f"{author} {shown}".rstrip() + "\n\n")
    else:
        story.add(f"{shown}\n{'By' if english else 'Tác giả:'} {author}\n\n".lstrip())
    body = [c for c in claims if c.repeats is None]
    standfirst = [c for c in claims if c.repeats is not None]
    for c in standfirst:
        story.add(c.quote + "\n\n")
    if english:
        lead = (f"{dated or RECENTLY['en']}, {chair[:1].lower() + chair[1:] if chair.startswith('The ') else chair} "
                f"chaired a national online conference for the {review} of {name} on developing population data, "
                f"electronic identification and authentication for national digital transformation"
                f"{keep(' for 2022-2025')}{keep(', with a vision to 2030')}.")
    else:
        lead = (f"{dated or RECENTLY['vi']}, {chair} chủ trì hội nghị trực tuyến toàn quốc {review} triển khai {name} "
                f"về phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử phục vụ chuyển đổi số quốc gia"
                f"{keep(' giai đoạn 2022 - 2025')}{keep(', tầm nhìn đến năm 2030')}.")
    if complete or rng.random() < 0.3:
        number = rng.randint(100, 999)
        lead += keep(f" The conference implemented Dispatch No. {number}/TTg-KSTT of the Prime Minister." if english
                     else f" Hội nghị triển khai Văn bản số {number}/TTg-KSTT của Thủ tướng.")
    paragraphs = [lead]
    quoting: set[int] = set()  # paragraphs that hold a quote: never duplicated, or the quote would not be unique
    filler = FILLER_EN if english else FILLER
    fillers = rng.sample(filler, min(len(filler), len(body) + 3))
    seen_quotes: set[str] = set()
    for i, claim in enumerate(body):
        if claim.quote in seen_quotes:
            continue  # a quote shared by two claims is printed once
        seen_quotes.add(claim.quote)
        if claim.quote[0].isupper():  # 'Tính đến ngày …', 'Hiện nay, …', 'By November 7, …' open their sentence
            opener = ""
        else:
            opener = rng.choice(OPENERS[lang])
        sentence = opener + claim.quote + "."
        quoting.add(len(paragraphs))
        paragraphs.append(fillers[i] + " " + sentence)
    paragraphs += fillers[len(body):]
    if complete:  # every rule's own text, so each rule accounts for a number in even the smallest corpus
        paragraphs += [p for p in (f"Ghi nhận: {example} ." for example in examples) if accounted(p, rules)]
    dup_at = rng.randrange(1, len(paragraphs)) if rng.random() < 0.15 else None
    photo_at = {rng.randrange(1, len(paragraphs)) for _ in range(rng.randint(0, 2))}
    for k, paragraph in enumerate(paragraphs):
        shown = _wrap(paragraph, rng.randint(50, 90)) if wrapped else paragraph
        if nbsp:
            shown = shown.replace(", ", ",\u00a0", 1)
        story.add(shown + "\n\n")
        if k == dup_at and k not in quoting:
            story.add_span(shown, "duplicate_paragraph", "Second, identical copy of the paragraph before it: a copy-paste defect.")
            story.add("\n\n")
        if k in photo_at:
            story.add(" \n ")
            story.add_span(rng.choice(CAPTIONS_EN if english else CAPTIONS), "photo_caption", "Photo caption, not text of the story.")
            story.add("\n\n")
        if k == 0 and rng.random() < 0.15:
            story.add_span("0:00 / 0:00 0:00", "video_player", "Residue of the page's video player.")
            story.add("\n\n")
    url = ""
    if complete or (site and rng.random() < 0.4):
        site = site or "https://baochinhphu.vn"
        url = keep(f"{site}/de-an-06-{sid.lower()}-post{rng.randint(100000, 999999)}.html")
        if url:
            story.add(f"{'Source' if english else 'Nguồn'}: {url}\n")
    if rng.random() < 0.25:
        block = ("Read more\n" + "\n".join(rng.sample(TEASERS_EN, 2)) if english
                 else "Bạn có thể quan tâm\n" + "\n".join(rng.sample(TEASERS, 2)))
        figures = re.findall(r"\d+(?:[.,/:]\d+)*", block)  # a span's reason names the figures it holds
        story.add_span(block, "teaser", "Teasers for unrelated stories appended after the story"
                       + (f" (their {', '.join(figures)} are not this story's figures)." if figures else "."))
        story.add("\n")
    meta = {"title": title, "byline": author, "url": url, "wrapped": wrapped, "nbsp": nbsp,
            "dated": dated, "dated_full": bool(dated) and full, "stamp": stamp, "published": published, "lang": lang}
    return story.text, story.spans, meta


def _event_method(meta: dict) -> tuple[str, str]:
    """How a story's event date is established (English, Vietnamese), from what its copy prints."""
    dated, stamp = meta["dated"], meta["stamp"]
    if meta["dated_full"]:
        return f"stated: '{dated}' in the lead", f"ghi trong bài: '{dated}' ở phần mở đầu"
    if dated and stamp:
        return (f"inferred: '{dated}' has no year; the year from the timestamp '{stamp}'",
                f"suy ra: '{dated}' không ghi năm; năm lấy theo dấu thời gian '{stamp}'")
    if dated:
        return (f"inferred: '{dated}' has no year; the year of the outlet's listing",
                f"suy ra: '{dated}' không ghi năm; năm lấy theo danh mục bài của báo")
    if stamp:
        recently = RECENTLY[meta["lang"]]
        return (f"inferred: the lead gives no date ('{recently}'); the day of the timestamp '{stamp}'",
                f"suy ra: phần mở đầu không ghi ngày ('{recently}'); lấy ngày của dấu thời gian '{stamp}'")
    return ("inferred: the copy prints no date; the publication date of the outlet's listing",
            "suy ra: bản sao không in ngày; lấy ngày đăng theo danh mục bài của báo")


def _check_numbers(sid: str, name: str, text: str, spans: list[tuple[int, int, str, str]],
                   quotes: list[tuple[str, str, str, str]], rules: dict[str, re.Pattern]) -> None:
    """Every number of a generated story is a claim's figure or as-of date (inside its quote), in a
    span or in a rule's match, as the audit requires; fail loudly here rather than in the corpus's audit."""
    article = Article(sid, name, text)
    article.excluded = [(*article.norm_span(start, end), kind) for start, end, kind, _ in spans]
    figures, dates = {}, {}
    for cid, quote, value, as_of in quotes:
        at = locate(article.norm.find(normalise(quote)), normalise(quote), normalise(value), normalise(as_of))
        figures[cid], dates[cid] = (sid, at.value_start, at.value_end), (sid, at.date_start, at.date_end)
    tokens, _ = account_for_numbers({sid: article}, figures, rules, dates)
    missing = [t.text for t in tokens if not t.accounted_by]
    if missing:
        raise AssertionError(f"synthetic story {sid} prints numbers no quote, span or rule accounts for: {missing}")


def _csv(header: list[str], rows: list[dict]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


REAL_RAW = Path(__file__).resolve().parents[2] / "data" / "raw"  # the archive beside this code


def _read_csv(data: bytes) -> tuple[list[str], list[dict]]:
    reader = csv.DictReader(io.StringIO(data.decode("utf-8"), newline=""))
    return list(reader.fieldnames or []), list(reader)


def _sources(rng: random.Random, n: int, taken: set[str]) -> list[tuple[tuple[str, str, str], date]]:
    """n distinct (outlet, event date) pairs, so source ids `<OUTLET>-<YYMMDD>` are unique as in the real data."""
    outlets = OUTLETS + OUTLETS_EN  # so about one story in four is from an English edition
    days = (END - START).days + 1
    free = [p for p in range(days * len(outlets))
            if f"{outlets[p % len(outlets)][0]}-{START + timedelta(days=p // len(outlets)):%y%m%d}" not in taken]
    if n > len(free):
        raise ValueError(f"at most {len(free)} synthetic articles have distinct source ids; asked for {n}")
    picks = rng.sample(free, n)
    return sorted(((outlets[p % len(outlets)], START + timedelta(days=p // len(outlets))) for p in picks),
                  key=lambda x: (x[1], x[0][0]))


def generate(root: Path, n_articles: int, seed: int = 6, include_real: bool = False,
             archive: Path | None = None) -> None:
    """Write a corpus of `n_articles` under `root`/data/raw (which must not exist or be empty).

    By default every article is generated: the audit, cleaning and reconciliation all pass on it.
    Its derivations.csv holds the derivations its stories allow (the archive's derivations as
    patterns: a story printing the metrics of a derivation's roles may derive the same figure), its
    decisions.csv none. With `include_real` the corpus also holds the archived articles with their
    claims, spans, derivations and editor's decisions (n_articles counts them). `archive`: the
    data/raw folder whose catalogue, rules and derivations the corpus uses (default: the archive
    beside this code).
    """
    real_raw = Path(archive) if archive is not None else REAL_RAW
    root = Path(root)
    raw = paths.raw_dir(root)
    if raw.exists() and any(raw.iterdir()):
        raise FileExistsError(f"{raw} is not empty; a synthetic corpus is written only into a fresh folder")
    tables = {name: _read_csv((real_raw / name).read_bytes()) for name in
              ("sources.csv", "claims.csv", "excluded_spans.csv", "derivations.csv", "decisions.csv")} \
        if include_real else {}
    real_sources = tables["sources.csv"][1] if include_real else []
    if n_articles < max(1, len(real_sources)):
        raise ValueError(f"n_articles must be at least {max(1, len(real_sources))} (the archived articles "
                         f"are part of the corpus; without include_real it is purely synthetic)")
    rng = random.Random(seed)
    examples = tuple(rule_examples(real_raw.parents[1]))
    _, rules, _ = load_rules(real_raw.parents[1])  # the corpus's own rules: it copies non_statistics.csv
    metrics_csv = (real_raw / "metrics.csv").read_bytes()
    texts = metric_texts(_read_csv(metrics_csv)[1], archived_counts(_read_csv((real_raw / "claims.csv").read_bytes())[1],
                                                                      _read_csv((real_raw / "sources.csv").read_bytes())[1]),
                         *archive_figures(real_raw.parents[1]))
    joined, derivable = pairs(texts), patterns(real_raw, texts)
    derived = {p.metric for p in derivable}
    # a rise names the year it compares with only where a rule accounts for a year (it is not the
    # figure); the level before a change needs that year, so without it the rule is not used
    named_year = accounted(f"so với năm {START.year}", rules)
    if not named_year:
        derivable = [p for p in derivable if p.rule != "level_before_change"]
    # a metric the archive only ever derives (no copy prints it) is not printed in generated copy either
    printed = {r["metric"] for r in _read_csv((real_raw / "claims.csv").read_bytes())[1]}
    texts = {m: t for m, t in texts.items() if m in printed or m not in derived}
    folder = paths.articles_dir(root)
    folder.mkdir(parents=True)
    sources, claims_rows, span_rows, derivation_rows = list(real_sources), [], [], []
    if include_real:
        claims_rows += tables["claims.csv"][1]
        span_rows += tables["excluded_spans.csv"][1]
        derivation_rows += tables["derivations.csv"][1]
        for row in real_sources:
            (folder / row["file"]).write_bytes((real_raw / "articles" / row["file"]).read_bytes())
    width = max(3, len(str(n_articles - 1)))
    # never an archived article's id, even in a corpus that leaves the archive out: an archive that
    # already holds generated articles must not find them again in a new corpus
    archived_ids = {r["source_id"] for r in _read_csv((real_raw / "sources.csv").read_bytes())[1]}
    fresh = _sources(rng, n_articles - len(real_sources), archived_ids)
    # the first Vietnamese story prints every kind of non-statistic (the rules' own, Vietnamese, text),
    # so each rule is used even in a tiny corpus
    complete = next((k for k, (outlet, _) in enumerate(fresh) if outlet not in OUTLETS_EN), 0)
    # a rule that reads Vietnamese wording (the comparison year of 'so với năm …') is not drawn in English
    derivable_en = [p for p in derivable if p.rule != "level_before_change"]
    for i, (outlet, event) in enumerate(fresh, start=len(real_sources)):
        lang = "en" if outlet in OUTLETS_EN else "vi"
        sid = f"{outlet[0]}-{event:%y%m%d}"
        published = event + timedelta(days=rng.choice([0, 0, 0, 1]))
        claims, derivations = _claims(rng, texts, joined, derivable_en if lang == "en" else derivable, event,
                                      named_year, lang)
        text, spans, meta = _story(rng, sid, outlet, event, published, claims,
                                   complete=i - len(real_sources) == complete, rules=rules, examples=examples,
                                   lang=lang)
        published = meta["published"]
        data = text.encode("utf-8")
        digest = hashlib.sha256(data).hexdigest()
        name = f"{i:0{width}d}_{digest[:16]}.txt"
        (folder / name).write_bytes(data)
        norm = normalise(text)
        for claim in claims:  # the corpus must satisfy the audit by construction; fail loudly if not
            q = normalise(claim.quote)
            if norm.count(q) != 1 or normalise(claim.value_text) not in q:
                raise AssertionError(f"synthetic quote is not unique in {sid}: {claim.quote!r}")
        event_method = _event_method(meta)
        sources.append({
            "source_id": sid, "file": name, "sha256": digest, "outlet": outlet[1], "outlet_vi": outlet[1],
            "outlet_short": outlet[1].split(" (")[0], "outlet_short_vi": outlet[1].split(" (")[0],
            "original_outlet": "", "original_outlet_vi": "",
            "title": meta["title"], "byline": meta["byline"], "url": meta["url"],
            "event_date": event.isoformat(),
            "event_date_method": event_method[0], "event_date_method_vi": event_method[1],
            # every generated story reports a review conference ('chủ trì hội nghị … sơ kết')
            "event_kind": "review_conference",
            "event_kind_evidence": "'chaired a national online conference'" if lang == "en"
            else "'chủ trì hội nghị trực tuyến toàn quốc'",
            "published_date": published.isoformat(),
            "published_date_method": f"stated: timestamp '{meta['stamp']}' under the title" if meta["stamp"] else
            "inferred: the copy prints no timestamp; the date of the outlet's listing",
            "published_date_method_vi": f"ghi trong bài: dấu thời gian '{meta['stamp']}' dưới tiêu đề" if meta["stamp"]
            else "suy ra: bản sao không in dấu thời gian; ngày theo danh mục bài của báo",
            "language": lang,
            "defects": "; ".join(d for d, on in [("hard line breaks inside sentences", meta["wrapped"]),
                                                  ("stray no-break spaces", meta["nbsp"])] if on),
            "defects_vi": "; ".join(d for d, on in [("xuống dòng cứng giữa câu", meta["wrapped"]),
                                                     ("khoảng trắng không ngắt dòng thừa", meta["nbsp"])] if on),
            "date_accessed": DATE_ACCESSED,
            "citation": f"{outlet[1]}, '{meta['title']}', {published.isoformat()} (synthetic).",
        })
        ids = {id(claim): f"{sid}-{k:02d}" for k, claim in enumerate(claims, start=1)}
        for claim in claims:
            claims_rows.append({
                "claim_id": ids[id(claim)], "source_id": sid, "metric": claim.metric, "quote": claim.quote,
                "value_text": claim.value_text, "as_of_text": claim.as_of_text,
                "same_statistic_as": ids[id(claim.repeats)] if claim.repeats is not None else "",
                "notes": claim.notes,
            })
        _check_numbers(sid, name, text, spans, [(ids[id(c)], c.quote, c.value_text, c.as_of_text) for c in claims], rules)
        for k, (pattern, inputs) in enumerate(derivations, start=1):
            derivation_rows.append({
                "derivation_id": f"DER-{sid}-{k:02d}", "source_id": sid, "rule": pattern.rule, "metric": pattern.metric,
                "inputs": ";".join(f"{c.role}={ids[id(c)]}" for c in inputs),
                "note": f"Generated: the story prints the {', '.join(c.role for c in inputs)} of this rule."})
        for k, (start, end, kind, reason) in enumerate(spans, start=1):
            span_rows.append({"source_id": sid, "span_id": f"{sid}-{kind}{k:02d}", "kind": kind, "start": start,
                              "end": end, "excerpt": normalise(text[start:end])[:40].rstrip(), "reason": reason})

    def header(name: str, default: list[str]) -> list[str]:
        return tables[name][0] if include_real else default  # the real files' columns, extra ones included

    (raw / "sources.csv").write_bytes(_csv(header("sources.csv", COLUMNS["sources"]), sources))
    (raw / "claims.csv").write_bytes(_csv(header("claims.csv", COLUMNS["claims"]), claims_rows))
    (raw / "metrics.csv").write_bytes(metrics_csv)
    (raw / "areas.csv").write_bytes((real_raw / "areas.csv").read_bytes())  # the catalogue's areas, with it
    (raw / "context.csv").write_bytes((real_raw / "context.csv").read_bytes())  # facts no article states
    (raw / "excluded_spans.csv").write_bytes(_csv(header("excluded_spans.csv", COLUMNS["excluded_spans"]), span_rows))
    (raw / "derivations.csv").write_bytes(_csv(header("derivations.csv", COLUMNS["derivations"]), derivation_rows))
    # the stories print only the non-statistics these rules account for
    (raw / "non_statistics.csv").write_bytes((real_raw / "non_statistics.csv").read_bytes())
    if include_real:
        (raw / "decisions.csv").write_bytes((real_raw / "decisions.csv").read_bytes())
    else:
        (raw / "decisions.csv").write_bytes(_csv(COLUMNS["decisions"], []))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) not in (2, 3):
        print("usage: python -m dean06_dev.synthetic ROOT N_ARTICLES [SEED]", file=sys.stderr)
        return 2
    generate(Path(argv[0]), int(argv[1]), *(int(a) for a in argv[2:]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
