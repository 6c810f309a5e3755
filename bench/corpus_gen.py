"""Realistic synthetic Chinese government documents, at any count, deterministically.

Built from real vocabulary, never random characters:

* sentences of the real government texts in ``GONGKAI_CORPUS_DIR`` (default
  ``<repo>/../shared/corpus``): laws, regulations, notices. Each generated sentence is a
  real sentence whose nouns and verbs are partly replaced by other words of the same part
  of speech, or two real clauses spliced together;
* nouns, verbs and place names of jieba's dictionary (``jieba/dict.txt`` when jieba is
  installed; otherwise the words of the corpus sentences), weighted by frequency;
* the forms of official documents: titles such as 示范区教育局关于印发《…管理办法》的通知,
  文号 such as 示教发〔2023〕12号, 主送机关, numbered sections, 成文日期, 附注, attachments;
* phrases of 政务公开 work (政务公开, 放管服, 一网通办, 依申请公开 …) at realistic rates, so
  that queries have every selectivity from rare to almost every document.

``generate(count, seed=…)`` is a generator: a million documents never sit in memory. A
document depends only on (seed, its number, the corpus size), so ranges can be generated
in parallel (``start=``, ``total=``) and give the same corpus. Publication dates follow the
numbers, as on a portal where documents accumulate over the years.

Usage: ``python bench/corpus_gen.py --docs 5 --seed 1`` prints documents.
"""

from __future__ import annotations

import argparse
import bisect
import functools
import itertools
import math
import os
import random
import re
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib.util import find_spec
from pathlib import Path

import rjieba

REPO = Path(__file__).resolve().parent.parent

ORGAN_UNITS: tuple[tuple[str, str], ...] = (
    # (name after 示范区, 文号 abbreviation)
    ("人民政府", "示政发"),
    ("人民政府办公室", "示政办发"),
    ("发展和改革委员会", "示发改"),
    ("教育局", "示教发"),
    ("科学技术局", "示科发"),
    ("工业和信息化局", "示工信发"),
    ("公安分局", "示公发"),
    ("民政局", "示民发"),
    ("司法局", "示司发"),
    ("财政局", "示财发"),
    ("人力资源和社会保障局", "示人社发"),
    ("自然资源局", "示自然资发"),
    ("生态环境局", "示环发"),
    ("住房和城乡建设局", "示住建发"),
    ("交通运输局", "示交发"),
    ("水务局", "示水发"),
    ("农业农村局", "示农发"),
    ("商务局", "示商发"),
    ("文化和旅游局", "示文旅发"),
    ("卫生健康委员会", "示卫健发"),
    ("退役军人事务局", "示退役军人发"),
    ("应急管理局", "示应急发"),
    ("审计局", "示审发"),
    ("市场监督管理局", "示市监发"),
    ("统计局", "示统发"),
    ("医疗保障局", "示医保发"),
    ("城市管理局", "示城管发"),
    ("政务服务管理局", "示政务发"),
    ("粮食和物资储备局", "示粮发"),
    ("林业局", "示林发"),
    ("体育局", "示体发"),
    ("信访局", "示信访发"),
)
SUBDISTRICTS = 24

TOPICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("综合政务", ("政务公开", "政务督查", "应急管理", "电子政务")),
    ("国民经济管理、国有资产监管", ("发展规划", "经济运行", "国有资产监管")),
    ("财政、金融、审计", ("财政", "审计", "金融")),
    ("国土资源、能源", ("土地", "矿产", "能源")),
    ("农业、林业、水利", ("农业、畜牧业、渔业", "林业", "水利")),
    ("工业、交通", ("工业", "交通", "信息产业")),
    ("商贸、海关、旅游", ("国内贸易", "对外经贸合作", "旅游")),
    ("市场监管、安全生产监管", ("市场监管", "安全生产监管")),
    ("城乡建设、环境保护", ("城市规划", "城乡建设", "环境监测、保护与治理")),
    ("科技、教育", ("科技", "教育")),
    ("文化、广电、新闻出版", ("文化", "广播、电影、电视")),
    ("卫生、体育", ("卫生", "医药管理", "体育")),
    ("人口与计划生育、妇女儿童工作", ("人口与计划生育", "妇女儿童")),
    ("劳动、人事、监察", ("就业", "社会保障", "人事工作")),
    ("公安、安全、司法", ("公安", "司法")),
    ("民政、扶贫、救灾", ("减灾救灾", "社会福利", "扶贫")),
    ("其他", ()),
)

# Phrases of 政务公开 work with the share of documents that mention them.
GOVERNMENT_PHRASES: tuple[tuple[str, float], ...] = (
    ("政务公开", 0.20),
    ("政府信息公开", 0.12),
    ("依申请公开", 0.04),
    ("主动公开", 0.06),
    ("放管服", 0.05),
    ("一网通办", 0.04),
    ("跨省通办", 0.02),
    ("最多跑一次", 0.015),
    ("证照分离", 0.01),
    ("双随机一公开", 0.01),
    ("营商环境", 0.06),
    ("政务服务", 0.10),
    ("数字政府", 0.02),
    ("规范性文件", 0.05),
    ("重大行政决策", 0.02),
    ("政策解读", 0.04),
    ("行政复议", 0.02),
    ("河长制", 0.005),
    ("12345热线", 0.01),
)

# Nouns of the dictionary are used only when they belong to public administration: they
# start or end with one of these words (社区卫生服务, 污水处理设施 …).
DOMAIN_AFFIXES: tuple[str, ...] = (
    "制度",
    "机制",
    "体系",
    "管理",
    "服务",
    "工程",
    "项目",
    "设施",
    "资金",
    "政策",
    "规划",
    "标准",
    "平台",
    "中心",
    "企业",
    "产业",
    "市场",
    "安全",
    "环境",
    "保障",
    "监管",
    "治理",
    "建设",
    "改革",
    "事务",
    "信息",
    "数据",
    "资源",
    "能源",
    "交通",
    "教育",
    "医疗",
    "卫生",
    "养老",
    "就业",
    "住房",
    "农村",
    "农业",
    "粮食",
    "水利",
    "林业",
    "生态",
    "文化",
    "旅游",
    "体育",
    "科技",
    "人才",
    "补贴",
    "许可",
    "登记",
    "审批",
    "执法",
    "预案",
    "责任",
    "考核",
    "统计",
    "投资",
    "税收",
    "财政",
    "预算",
    "社区",
    "街道",
    "学校",
    "医院",
    "道路",
    "污染",
    "治安",
    "消防",
    "应急",
    "救助",
    "扶贫",
    "福利",
    "收费",
    "价格",
    "质量",
    "计划",
    "方案",
    "经费",
    "工资",
    "保险",
    "培训",
    "档案",
    "合同",
    "证明",
    "文件",
    "设备",
    "用地",
    "物业",
    "供水",
    "供电",
    "燃气",
    "垃圾",
    "绿化",
    "河道",
    "防汛",
    "疫情",
    "防控",
    "食品",
    "药品",
)
OPENING_VERBS = ("贯彻落实", "深入贯彻", "认真贯彻", "全面落实", "进一步落实", "根据")
HEADINGS = (
    "总体要求",
    "主要任务",
    "工作目标",
    "基本原则",
    "保障措施",
    "组织实施",
    "工作要求",
    "加强{n}管理",
    "完善{n}机制",
    "明确{n}职责",
    "强化{n}保障",
    "推进{n}建设",
    "规范{n}程序",
    "健全{n}体系",
    "做好{n}工作",
)

DOC_KINDS: tuple[tuple[str, str], ...] = (
    # (document form in a title, 文种)
    ("管理办法", "通知"),
    ("实施细则", "通知"),
    ("工作方案", "通知"),
    ("实施方案", "通知"),
    ("工作要点", "通知"),
    ("若干措施", "通知"),
    ("暂行规定", "通知"),
    ("三年行动计划", "通知"),
    ("指导意见", "通知"),
    ("考核办法", "通知"),
)

# Fallback sentences when the corpus directory is absent (tests on a bare checkout).
SEED_SENTENCES: tuple[str, ...] = (
    "为了保障公民、法人和其他组织依法获取政府信息，提高政府工作的透明度，建设法治政府。",
    "行政机关应当及时、准确地公开政府信息。",
    "各级人民政府应当加强政府信息资源的规范化、标准化、信息化管理。",
    "行政机关公开政府信息，应当坚持以公开为常态、不公开为例外，遵循公正、公平、合法、便民的原则。",
    "对涉及公众利益调整、需要公众广泛知晓或者需要公众参与决策的政府信息，行政机关应当主动公开。",
    "行政机关收到政府信息公开申请，能够当场答复的，应当当场予以答复。",
    "县级以上人民政府应当建立健全政府信息公开协调机制。",
    "储备粮承储企业应当建立健全内部管理制度，确保储备粮数量真实、质量良好、储存安全。",
    "各部门要加强组织领导，明确工作责任，确保各项任务落到实处。",
    "鼓励社会公众积极举报违法违规行为，依法保护举报人合法权益。",
    "决策事项涉及特定群体利益的，决策承办单位应当与相关人民团体、社会组织以及群众代表进行沟通协商。",
    "机关、单位应当依法确定密级，并对国家秘密载体作出标志。",
)


# The query set of the benchmark and of the recall test: what people type into a
# government portal's search box. 1 to 4 terms; government phrases, two-character words,
# longer words, phrases that are not dictionary words, single characters, numbers.
QUERIES: tuple[str, ...] = (
    # government phrases
    "政务公开",
    "放管服",
    "一网通办",
    "依申请公开",
    "政府信息公开",
    "信息公开",
    "主动公开",
    "跨省通办",
    "最多跑一次",
    "双随机一公开",
    "营商环境",
    "政务服务",
    "数字政府",
    "规范性文件",
    "重大行政决策",
    "政策解读",
    "行政复议",
    "河长制",
    "12345热线",
    # two-character words
    "民政",
    "办公",
    "人民",
    "政府",
    "公开",
    "粮食",
    "储备",
    "保密",
    "国家",
    "秘密",
    "申请",
    "决策",
    "财政",
    "教育",
    "审计",
    "举报",
    "奖励",
    "检查",
    "监督",
    "责任",
    "档案",
    "应急",
    "听证",
    "载体",
    "密级",
    "信息",
    "服务",
    "管理",
    "建设",
    # longer words
    "储备粮",
    "承储企业",
    "保密行政管理",
    "国家秘密",
    "政府网站",
    "涉密人员",
    "法律法规",
    "行政机关",
    "听证会",
    "举报人",
    "定密",
    "粮食和物资储备局",
    "中华人民共和国",
    # phrases that are not dictionary words
    "政府信息",
    "公开申请",
    "粮食购销",
    "违法违规行为",
    "答复期限",
    "社会公众",
    "保密工作机构",
    "决策草案",
    "安全保密产品",
    "国家安全和利益",
    "工作日内",
    "公开发布",
    "有效期5年",
    # several terms
    "政务公开 工作要点",
    "粮食 储备 管理",
    "信息公开 申请 答复",
    "国家秘密 载体 销毁",
    "放管服 改革",
    "一网通办 政务服务",
    "依申请公开 答复期限",
    "保密 审查 发布",
    "行政复议 行政诉讼",
    "举报 奖励 标准 资金",
    "教育局 通知",
    "2023 管理办法",
    # single characters, numbers, 文号
    "粮",
    "府",
    "密",
    "税",
    "党",
    "2023",
    "2019",
    "12345",
    "示教发",
    "示教发 2023",
)
# Substrings that cross a word boundary (府信 in 政府信息): no word index finds them
# (stack-notes §1.5); reported separately by the benchmark, not part of its recall.
FRAGMENT_QUERIES: tuple[str, ...] = ("府信", "务公", "息公开申")


@dataclass(frozen=True)
class Organ:
    name: str
    short_name: str
    abbr: str


@dataclass
class GeneratedDocument:
    number: int
    title: str
    doc_number: str
    organ: int
    co_organ: int | None
    topic: int
    published: date
    validity: str
    summary: str
    keywords: str
    body: str
    attachment_title: str = ""
    attachment_text: str = ""

    def text(self) -> str:
        """All searchable text: what the index covers and the substring oracle checks."""
        return "\n".join(
            part
            for part in (
                self.title,
                self.doc_number,
                self.summary,
                self.keywords,
                self.body,
                self.attachment_title,
                self.attachment_text,
            )
            if part
        )


@dataclass
class _Weighted:
    words: list[str] = field(default_factory=list)
    cum: list[float] = field(default_factory=list)

    def add(self, word: str, weight: float) -> None:
        self.words.append(word)
        self.cum.append((self.cum[-1] if self.cum else 0.0) + weight)

    def pick(self, rng: random.Random) -> str:
        return self.words[bisect.bisect_right(self.cum, rng.random() * self.cum[-1])]

    def __bool__(self) -> bool:
        return bool(self.words)


@dataclass
class Vocabulary:
    organs: list[Organ]
    topics: list[tuple[str, int | None]]  # (name, parent index)
    sentences: list[list[tuple[str, str]]]  # real sentences as (word, part of speech)
    nouns: _Weighted
    verbs: _Weighted
    places: list[str]
    laws: list[str]
    source: str


def corpus_dir() -> Path:
    return Path(os.environ.get("GONGKAI_CORPUS_DIR", str(REPO.parent / "shared" / "corpus")))


_CJK_WORD = re.compile(r"[\u4e00-\u9fff]{2,4}")
_SENTENCE_END = re.compile(r"(?<=[。；！？])|\n+")
_LAW = re.compile(r"《[^《》〈〉]{4,30}》")


def _corpus_texts(folder: Path) -> list[str]:
    texts = []
    for path in sorted(folder.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        _, sep, body = raw.partition("\n=====")
        texts.append(body.split("\n", 1)[1] if sep else raw)
    return texts


_ENUMERATION = re.compile(
    r"^(?:第[一二三四五六七八九十百零〇]+条\s*|[（(][一二三四五六七八九十\d]+[）)]\s*)+"
)


def _sentences(texts: Sequence[str]) -> list[str]:
    out = []
    for text in texts:
        for piece in _SENTENCE_END.split(text):
            piece = _ENUMERATION.sub("", piece.strip().replace("\u3000", ""))
            # Whole sentences only: no headings, fragments or form lines.
            if 12 <= len(piece) <= 160 and piece[-1] in "。；！？" and "__" not in piece:
                out.append(piece[:-1] + "。")
    return out


def _dictionary_path() -> Path | None:
    spec = find_spec("jieba")
    if spec is None or not spec.origin:
        return None
    path = Path(spec.origin).parent / "dict.txt"
    return path if path.exists() else None


@functools.cache
def load_vocabulary() -> Vocabulary:
    """The word lists (cached per process)."""
    folder = corpus_dir()
    texts = _corpus_texts(folder) if folder.is_dir() else []
    sentence_texts = _sentences(texts) or list(SEED_SENTENCES)
    tagger = rjieba.Jieba()
    sentences = [list(tagger.tag(s)) for s in sentence_texts]
    laws = sorted(set(_LAW.findall("\n".join(texts)))) or [
        "《中华人民共和国政府信息公开条例》",
        "《重大行政决策程序暂行条例》",
    ]

    # The nouns and verbs of the real texts, weighted by their counts there.
    corpus_nouns: Counter[str] = Counter()
    corpus_verbs: Counter[str] = Counter()
    for sentence in sentences:
        for word, tag in sentence:
            if _CJK_WORD.fullmatch(word):
                if tag in ("n", "vn", "nz", "nt"):
                    corpus_nouns[word] += 1
                elif tag == "v":
                    corpus_verbs[word] += 1
    nouns, verbs = _Weighted(), _Weighted()
    for word, count in sorted(corpus_nouns.items()):
        nouns.add(word, 4.0 * count)
    for word, count in sorted(corpus_verbs.items()):
        verbs.add(word, float(count))

    # Public-administration nouns and place names of jieba's dictionary.
    places: list[str] = []
    dictionary = _dictionary_path()
    if dictionary:
        with dictionary.open(encoding="utf-8") as fh:
            for line in fh:
                word, freq, tag = line.split()
                count = int(freq)
                if count < 20 or not _CJK_WORD.fullmatch(word) or word in corpus_nouns:
                    continue
                domain = word.startswith(DOMAIN_AFFIXES) or word.endswith(DOMAIN_AFFIXES)
                if tag in ("n", "vn", "nz", "l") and domain:
                    nouns.add(word, 1.0 + math.log(count))
                elif tag == "ns" and len(word) == 2 and count >= 200:
                    places.append(word)
        source = f"{folder} + {dictionary}"
    else:
        source = f"{folder} (no jieba dictionary)" if texts else "built-in sentences"
    places = sorted(places) or ["东城", "西城", "南湖", "北苑", "新华", "和平", "建设", "文化"]

    organs = [Organ(f"示范区{name}", name, abbr) for name, abbr in ORGAN_UNITS]
    picker = random.Random(20240101)
    for place in picker.sample(places, min(SUBDISTRICTS, len(places))):
        organs.append(Organ(f"示范区{place}街道办事处", f"{place}街道", f"示{place}街发"))
    topics: list[tuple[str, int | None]] = []
    for name, children in TOPICS:
        parent = len(topics)
        topics.append((name, None))
        topics.extend((child, parent) for child in children)
    return Vocabulary(organs, topics, sentences, nouns, verbs, places, laws, source)


_CN_NUMERALS = "一二三四五六七八九十"
_START = date(2012, 1, 1)
_DAYS = (date(2025, 12, 31) - _START).days


def _cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


class _Writer:
    """Generates one document from its own random stream."""

    def __init__(self, vocab: Vocabulary, rng: random.Random) -> None:
        self.v = vocab
        self.r = rng
        self.phrases = [p for p, share in GOVERNMENT_PHRASES if rng.random() < share]

    def noun(self) -> str:
        return self.v.nouns.pick(self.r)

    def verb(self) -> str:
        return self.v.verbs.pick(self.r)

    def subject(self) -> str:
        r = self.r
        if self.phrases and r.random() < 0.35:
            return r.choice(self.phrases) + r.choice(("工作", "改革", "事项", "管理"))
        return (
            r.choice(("", "", self.noun()))
            + self.noun()
            + r.choice(("管理", "工作", "服务", "建设", "监督管理", "保障", "专项整治", ""))
        )

    def sentence(self) -> str:
        r = self.r
        roll = r.random()
        if self.phrases and roll < 0.12:
            phrase = r.choice(self.phrases)
            return r.choice(
                (
                    f"深入推进{phrase}，{self.verb()}{self.noun()}。",
                    f"各部门要把{phrase}作为{self.noun()}的重要内容，{self.verb()}{self.noun()}。",
                    f"扎实做好{phrase}工作，不断提升{self.noun()}{self.noun()}水平。",
                    f"围绕{phrase}，加快{self.noun()}{self.noun()}建设，推动{self.noun()}落地见效。",
                )
            )
        words = r.choice(self.v.sentences)
        if roll < 0.3:
            # Two real clauses spliced: the first clause of one sentence, the rest of another.
            other = r.choice(self.v.sentences)
            cut_a = next((i for i, (w, _) in enumerate(words) if w == "，"), None)
            cut_b = next((i for i, (w, _) in enumerate(other) if w == "，"), None)
            if cut_a is not None and cut_b is not None:
                words = words[: cut_a + 1] + other[cut_b + 1 :]
        out = []
        for word, tag in words:
            if tag in ("n", "vn") and len(word) >= 2 and r.random() < 0.2:
                word = self.noun()
            elif tag == "v" and len(word) >= 2 and r.random() < 0.1:
                word = self.verb()
            out.append(word)
        return "".join(out)

    def paragraph(self) -> str:
        return "".join(self.sentence() for _ in range(self.r.randint(1, 4)))


def _document(vocab: Vocabulary, seed: int, number: int, total: int) -> GeneratedDocument:
    rng = random.Random(seed * 1_000_003 + number)
    w = _Writer(vocab, rng)
    organ_index = rng.randrange(len(vocab.organs))
    organ = vocab.organs[organ_index]
    co_organ = rng.randrange(len(vocab.organs)) if rng.random() < 0.08 else None
    if co_organ == organ_index:
        co_organ = None
    # A portal's documents accumulate: number n of N is published around n/N of the way
    # through 2012–2025, within a week either side.
    day = number * _DAYS // max(total, 1) + rng.randint(-7, 7)
    published = _START + timedelta(days=min(max(day, 0), _DAYS))
    written = published - timedelta(days=rng.randint(1, 15))
    year = written.year
    form, genre = rng.choice(DOC_KINDS)
    subject = w.subject()
    issuer = organ.name + (f"　{vocab.organs[co_organ].name}" if co_organ is not None else "")
    roll = rng.random()
    if roll < 0.45:
        title = f"{issuer}关于印发《示范区{subject}{form}》的{genre}"
    elif roll < 0.7:
        title = f"{issuer}关于{rng.choice(('做好', '加强', '开展', '进一步规范', '推进'))}{subject}的通知"
    elif roll < 0.8:
        title = f"{issuer}关于{year}年{subject}的公告"
    elif roll < 0.88:
        title = f"{issuer}关于{subject}的实施意见"
    elif roll < 0.95:
        title = f"关于{year}年{subject}情况的公示"
    else:
        title = f"{issuer}关于同意{subject}的批复"
    doc_number = f"{organ.abbr}〔{year}〕{rng.randint(1, 180)}号" if rng.random() < 0.85 else ""
    topic = rng.randrange(len(vocab.topics))

    lines = [
        rng.choice(
            (
                "各街道办事处，区政府各部门，各有关单位：",
                "各街道办事处、区直各单位：",
                "各有关单位：",
                "区政府各部门：",
            )
        ),
        f"为{rng.choice(OPENING_VERBS)}{rng.choice(vocab.laws)}，{w.sentence()[:-1]}，"
        f"现就{subject}有关事项{genre}如下。",
    ]
    for section in range(rng.randint(1, 5)):
        heading = rng.choice(HEADINGS).format(n=w.noun())
        lines.append(f"{_CN_NUMERALS[section]}、{heading}")
        for sub in range(rng.randint(1, 3)):
            prefix = f"（{_CN_NUMERALS[sub]}）" if rng.random() < 0.5 else ""
            lines.append(prefix + w.paragraph())
    lines.append(w.sentence())
    if form.endswith(("办法", "细则", "规定", "措施")):
        lines.append(f"本{form}自{_cn_date(published)}起施行，有效期{rng.choice((2, 3, 5))}年。")
    lines += [issuer, _cn_date(written), "（此件公开发布）"]

    attachment_title = attachment_text = ""
    if rng.random() < 0.25:
        attachment_title = (
            f"附件：{subject}{rng.choice(('申请表', '清单', '目录', '明细表', '流程图'))}"
        )
        rows = [f"{i}. {w.noun()}{w.noun()}　{w.sentence()}" for i in range(1, rng.randint(3, 8))]
        attachment_text = "\n".join(rows)

    validity_roll = rng.random()
    validity = (
        "valid" if validity_roll < 0.85 else ("expired" if validity_roll < 0.95 else "repealed")
    )
    keywords = " ".join(dict.fromkeys([w.noun(), w.noun(), genre]))
    summary = f"{organ.short_name}就{subject}作出安排，{w.sentence()}"
    return GeneratedDocument(
        number=number,
        title=title,
        doc_number=doc_number,
        organ=organ_index,
        co_organ=co_organ,
        topic=topic,
        published=published,
        validity=validity,
        summary=summary,
        keywords=keywords,
        body="\n".join(lines),
        attachment_title=attachment_title,
        attachment_text=attachment_text,
    )


def generate(
    count: int, *, seed: int = 1, start: int = 0, total: int | None = None
) -> Iterator[GeneratedDocument]:
    """Documents number ``start`` … ``start + count - 1`` of the corpus of ``seed`` with
    ``total`` documents (default: ``start + count``; it spreads the publication dates)."""
    vocab = load_vocabulary()
    total = total or start + count
    for number in range(start, start + count):
        yield _document(vocab, seed, number, total)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--stats", action="store_true", help="print sizes instead of texts")
    args = parser.parse_args(argv)
    if args.stats:
        import time

        t0 = time.perf_counter()
        sizes = [len(d.text()) for d in generate(args.docs, seed=args.seed, start=args.start)]
        elapsed = time.perf_counter() - t0
        sizes.sort()
        sys.stdout.write(
            f"docs={len(sizes)} mean_chars={sum(sizes) / len(sizes):.0f} "
            f"p50={sizes[len(sizes) // 2]} p99={sizes[int(len(sizes) * 0.99)]} "
            f"docs_per_s={len(sizes) / elapsed:.0f} source={load_vocabulary().source}\n"
        )
        return
    for doc in itertools.islice(generate(args.docs, seed=args.seed, start=args.start), args.docs):
        sys.stdout.write(
            f"#{doc.number} {doc.published} {doc.validity} organ={doc.organ} topic={doc.topic}\n"
            f"{doc.text()}\n\n"
        )


if __name__ == "__main__":
    main()
