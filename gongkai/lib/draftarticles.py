"""Cut a draft into its articles (第一条 …) or, without articles, its paragraphs: the anchors
public comments attach to. Pure Python."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ARTICLE = re.compile(r"^\s*(第[一二三四五六七八九十百零〇两\d]+条)\s*(.*)$")


@dataclass(frozen=True)
class Article:
    number: int
    label: str
    text: str


def split_articles(draft: str) -> list[Article]:
    lines = [line.rstrip() for line in draft.replace("\r\n", "\n").split("\n")]
    articles: list[Article] = []
    current: tuple[str, list[str]] | None = None
    for line in lines:
        match = _ARTICLE.match(line)
        if match:
            if current is not None:
                articles.append(
                    Article(len(articles) + 1, current[0], "\n".join(current[1]).strip())
                )
            current = (match.group(1), [line.strip()])
        elif current is not None and line.strip():
            current[1].append(line.strip())
    if current is not None:
        articles.append(Article(len(articles) + 1, current[0], "\n".join(current[1]).strip()))
    if articles:
        return articles
    paragraphs = [line.strip() for line in lines if line.strip()]
    return [Article(i, f"第{i}段", text) for i, text in enumerate(paragraphs, start=1)]
