#include "plot_style.h"

#include <QGuiApplication>
#include <QPalette>
#include <QPen>
#include <qcustomplot.h>

namespace wci::plot {

namespace {
constexpr char kToneProperty[] = "wciTone";
}

QCPBars *bars(QCustomPlot *p, const QString &name, theme::Tone tone, bool horizontal)
{
    auto *b = horizontal ? new QCPBars(p->yAxis, p->xAxis) : new QCPBars(p->xAxis, p->yAxis);
    b->setName(name);
    b->setPen(Qt::NoPen);
    b->setBrush(theme::color(tone));
    b->setProperty(kToneProperty, int(tone));
    return b;
}

void addTitle(QCustomPlot *p, const QString &title)
{
    p->plotLayout()->insertRow(0);
    p->plotLayout()->addElement(0, 0, new QCPTextElement(p, title, QFont(p->font().family(), p->font().pointSize(), QFont::Bold)));
    // The legend sits in its own row under the title, never over the bars.
    p->plotLayout()->insertRow(1);
    p->plotLayout()->addElement(1, 0, p->legend);
    p->legend->setFillOrder(QCPLegend::foColumnsFirst);
    p->legend->setBorderPen(Qt::NoPen);
    p->plotLayout()->setRowStretchFactor(1, 0.001);
    p->legend->setVisible(false);
}

void setTitle(QCustomPlot *p, const QString &title)
{
    if (auto *t = qobject_cast<QCPTextElement *>(p->plotLayout()->element(0, 0)))
        t->setText(title);
}

// QCustomPlot draws black on white whatever the palette: background, axes, tick labels, grid,
// legend and title follow the application palette instead, and the bars their tones.
void applyPalette(QCustomPlot *p)
{
    const QPalette pal = QGuiApplication::palette();
    const QColor text = pal.color(QPalette::Active, QPalette::WindowText);
    const QColor base = pal.color(QPalette::Active, QPalette::Base);
    const QColor grid = theme::color(theme::Tone::ChartGrid);
    p->setBackground(base);
    for (QCPAxis *axis : p->axisRect()->axes()) {
        axis->setBasePen(QPen(text));
        axis->setTickPen(QPen(text));
        axis->setSubTickPen(QPen(text));
        axis->setTickLabelColor(text);
        axis->setLabelColor(text);
        axis->grid()->setPen(QPen(grid, 0, Qt::DotLine));
        axis->grid()->setSubGridPen(QPen(grid, 0, Qt::DotLine));
        axis->grid()->setZeroLinePen(QPen(grid));
    }
    p->legend->setBrush(base);
    p->legend->setTextColor(text);
    if (auto *title = qobject_cast<QCPTextElement *>(p->plotLayout()->element(0, 0)))
        title->setTextColor(text);
    for (int i = 0; i < p->plottableCount(); ++i) {
        QCPAbstractPlottable *pl = p->plottable(i);
        const QVariant tone = pl->property(kToneProperty);
        if (!tone.isValid())
            continue;
        if (qobject_cast<QCPGraph *>(pl)) {
            QPen pen = pl->pen();
            pen.setColor(theme::color(theme::Tone(tone.toInt())));
            pl->setPen(pen);
        } else {
            pl->setBrush(theme::color(theme::Tone(tone.toInt())));
        }
    }
}

} // namespace wci::plot
