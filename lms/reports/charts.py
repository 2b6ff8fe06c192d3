"""Bar charts drawn on the server as SVG geometry: no JavaScript library."""

from lms.reports.selectors import ReportTable

BAR_HEIGHT = 22
GAP = 6
LABEL_WIDTH = 180
BAR_AREA = 360


def bar_chart(table: ReportTable) -> dict | None:
    """Positions of the bars for ``table``'s chart column, or ``None`` if it has none."""
    if table.chart_column is None or not table.rows:
        return None
    values = [row[table.chart_column] for row in table.rows]
    largest = max(values) or 1
    bars = []
    for index, (row, value) in enumerate(zip(table.rows, values, strict=True)):
        y = index * (BAR_HEIGHT + GAP)
        bars.append(
            {
                "label": str(row[0])[:28],
                "value": value,
                "y": y,
                "text_y": y + BAR_HEIGHT - 6,
                "width": round(BAR_AREA * value / largest, 1),
            }
        )
    return {
        "bars": bars,
        "height": len(bars) * (BAR_HEIGHT + GAP),
        "width": LABEL_WIDTH + BAR_AREA + 70,
        "label_width": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
        "value_x_offset": LABEL_WIDTH + 6,
        "title": table.header[table.chart_column],
    }
