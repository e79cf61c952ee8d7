"""Documents from templates: HTML kept with the case, PDF made on download.

Templates are Jinja in engine/documents/templates; the PDF uses DejaVu Sans (Debian
fonts-dejavu-core) because the core PDF fonts have no Cyrillic.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from fpdf import FPDF, FontFace
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from engine.errors import InvalidInput

TEMPLATES = Path(__file__).resolve().parent / "templates"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
TITLES = {
    "referral": "Направление для трудоустройства в другой местности",
    "relocation_contract": "Договор о содействии в переезде (переселении)",
    "grant_order": "Приказ о предоставлении финансовой поддержки",
    "refusal_order": "Приказ об отказе в предоставлении финансовой поддержки",
    "written_refusal": "Письменный отказ в предоставлении государственной услуги",
}
MONTHS = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)


def _ru_date(value) -> str:
    if not value:
        return "—"
    day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    return f"{day.day} {MONTHS[day.month - 1]} {day.year} г."


def _money(value) -> str:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        return str(value)
    whole, _, cents = f"{amount:,.2f}".partition(".")
    return f"{whole.replace(',', ' ')},{cents}"


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]), undefined=StrictUndefined
    )
    env.filters.update(ru_date=_ru_date, money=_money)
    # why: optional fields use `default`, which StrictUndefined still honours
    return env


ENV = _environment()


def render_html(template: str, context: dict) -> str:
    if template not in TITLES:
        raise InvalidInput("Неизвестный шаблон документа", template=template)
    try:
        return ENV.get_template(f"{template}.html.j2").render(heading=TITLES[template], **context)
    except Exception as exc:  # a missing field in the case data: say which, do not print half a document
        raise InvalidInput(f"Документ «{TITLES[template]}» не сформирован: {exc}", template=template) from exc


def to_pdf(html: str, title: str) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_font("DejaVu", size=11)
    pdf.add_page()
    black = {tag: FontFace(color=(0, 0, 0), emphasis="BOLD", size_pt=size) for tag, size in (("h1", 16), ("h2", 12))}
    pdf.write_html(html, font_family="DejaVu", tag_styles=black)
    return bytes(pdf.output())
