"""Draw static/img/share.png, the image of the public pages' share cards (og:image): the
portal's mark (static/favicon.svg, a white house on the portal red) at 300 x 300 pixels, the
smallest size WeChat and most apps show as a card's picture.

Run it again after changing the mark: .venv/bin/python scripts/make_share_image.py
"""

from pathlib import Path

from PIL import Image, ImageDraw

SIZE = 300
RED = (0xB3, 0x26, 0x1E)
WHITE = (255, 255, 255)
# The house of favicon.svg, drawn on a 32-unit grid: "M7 16 16 8l9 8v9H19v-6h-6v6H7z".
HOUSE = [(7, 16), (16, 8), (25, 16), (25, 25), (19, 25), (19, 19), (13, 19), (13, 25), (7, 25)]
OUT = Path(__file__).resolve().parent.parent / "static" / "img" / "share.png"


def draw() -> Image.Image:
    scale = 4  # drawn four times larger, then reduced: smooth edges
    big = SIZE * scale
    image = Image.new("RGB", (big, big), WHITE)
    pen = ImageDraw.Draw(image)
    unit = big / 32
    pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=round(6 * unit), fill=RED)
    pen.polygon([(x * unit, y * unit) for x, y in HOUSE], fill=WHITE)
    return image.resize((SIZE, SIZE), Image.LANCZOS)


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    draw().save(OUT, "PNG", optimize=True)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
