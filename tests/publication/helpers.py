"""What a reader sees of a page: its text, white space collapsed (no-break spaces included)."""
import html
import re


def page_text(response, start="<main", end="</main>") -> str:
    content = response.content.decode()
    content = content[content.index(start):content.index(end)]
    text = html.unescape(re.sub(r"<[^>]+>", " ", content))
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()


def table_rows(response) -> list[str]:
    """The text of each body row of the laureates' table."""
    content = response.content.decode()
    body = content[content.index("<tbody>"):content.index("</tbody>")]
    return [
        re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", row))).strip()
        for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)
    ]
