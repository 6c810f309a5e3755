from __future__ import annotations

import random

from gongkai.lib.draftarticles import split_articles
from gongkai.lib.similar import cluster, fingerprint, jaccard, normalise, shingles

CAMPAIGN = "坚决反对停车收费上涨，请保留老城区夜间免费停车位，保障居民生活便利！"


def test_normalise_drops_punctuation_width_and_case():
    assert normalise("ＡＢc，１2！ 停车") == "abc12停车"
    assert fingerprint("停车，收费！") == fingerprint("停车 收费")


def test_campaign_variants_form_one_cluster_and_others_stay_apart():
    texts = [
        CAMPAIGN,
        "建议在学校周边设置临时停车区。",
        CAMPAIGN + "谢谢",
        CAMPAIGN.replace("！", "。") + "（居民）",
        "新能源汽车应当享受优惠。",
        CAMPAIGN,
    ]
    assert cluster(texts) == [[0, 2, 3, 5]]


def test_random_texts_over_a_shared_vocabulary_do_not_cluster():
    rng = random.Random(3)
    words = [
        "停车",
        "收费",
        "泊位",
        "居民",
        "夜间",
        "免费",
        "老城区",
        "建议",
        "标准",
        "听证",
        "学校",
        "周边",
    ]
    texts = ["".join(rng.choice(words) for _ in range(30)) for _ in range(300)]
    for group in cluster(texts):
        head = shingles(normalise(texts[group[0]]))
        assert all(jaccard(head, shingles(normalise(texts[i]))) >= 0.8 for i in group[1:])


def test_empty_texts_are_ignored():
    assert cluster(["", "  ", "！"]) == []


def test_split_articles_and_paragraphs():
    articles = split_articles("前言\n第一条 目的。\n第二条 范围。\n续行。\n第十条 施行。")
    assert [(a.number, a.label) for a in articles] == [(1, "第一条"), (2, "第二条"), (3, "第十条")]
    assert articles[1].text == "第二条 范围。\n续行。"
    paragraphs = split_articles("一段。\n\n二段。")
    assert [(a.label, a.text) for a in paragraphs] == [("第1段", "一段。"), ("第2段", "二段。")]
